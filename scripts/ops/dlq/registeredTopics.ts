import { loadRegistry } from '../registry/loadRegistry';
import type { ReplayTopic } from './types';

/**
 * The topics a replay may send to: the valid topic files of a registry folder. Invalid files are
 * left out (their topics are refused), never guessed.
 *
 * @example
 * const registered = registeredTopics('schemas/topics');
 * registered.get('door-events'); // { topic: 'door-events', fifo: true }
 */
export function registeredTopics(registryDir: string): Map<string, ReplayTopic> {
  const registry = loadRegistry(registryDir);
  return new Map(
    registry.topics.map((topic) => [
      topic.topic,
      { topic: topic.topic, fifo: topic.queue === 'fifo' },
    ]),
  );
}
