import {
  type LambdaClient,
  ListEventSourceMappingsCommand,
  UpdateEventSourceMappingCommand,
} from '@aws-sdk/client-lambda';
import { topicFromQueueArn } from '../common/naming';
import type { MappingTarget } from './types';

/** One event source mapping of the processor, as the breaker sees it. */
export interface TopicMapping {
  uuid: string;
  eventSourceArn: string;
  /** Lambda's mapping state: Enabled, Enabling, Disabled, Disabling, Creating, Updating, ... */
  state: string;
}

/** What `ensure` did for a topic. */
export type EnsureOutcome = 'updated' | 'unchanged' | 'missing';

const SATISFIES: Record<MappingTarget, ReadonlySet<string>> = {
  enabled: new Set(['Enabled', 'Enabling']),
  disabled: new Set(['Disabled', 'Disabling']),
};

/**
 * The processor's event source mappings, by topic: lists the function's mappings once (700 of
 * them are 7 pages) and finds a topic's mapping by cutting the configured prefix off the
 * queue name of its EventSourceArn, exactly as the processor derives topics. Only the mapping of
 * the topic asked for is ever updated.
 *
 * @example
 * const mappings = new TopicMappings(lambdaClient(), 'lean-ops-dev-sqs-processor', 'lean-ops-dev-topic-');
 * await mappings.ensure('gps-position', 'disabled');
 */
export class TopicMappings {
  private byTopic: Promise<Map<string, TopicMapping[]>> | undefined;

  constructor(
    private readonly client: LambdaClient,
    readonly functionName: string,
    private readonly queueNamePrefix: string,
  ) {}

  /** topic → its mappings (normally one), loaded on first use. */
  all(): Promise<Map<string, TopicMapping[]>> {
    this.byTopic ??= this.load().catch((error: unknown) => {
      this.byTopic = undefined;
      throw error;
    });
    return this.byTopic;
  }

  async forTopic(topic: string): Promise<TopicMapping[]> {
    return (await this.all()).get(topic) ?? [];
  }

  /** Sets the topic's mapping(s) Enabled or Disabled unless they already are. */
  async ensure(topic: string, target: MappingTarget): Promise<EnsureOutcome> {
    const mappings = await this.forTopic(topic);
    if (mappings.length === 0) return 'missing';
    let outcome: EnsureOutcome = 'unchanged';
    for (const mapping of mappings) {
      if (SATISFIES[target].has(mapping.state)) continue;
      const response = await this.client.send(
        new UpdateEventSourceMappingCommand({ UUID: mapping.uuid, Enabled: target === 'enabled' }),
      );
      mapping.state = response.State ?? (target === 'enabled' ? 'Enabling' : 'Disabling');
      outcome = 'updated';
    }
    return outcome;
  }

  private async load(): Promise<Map<string, TopicMapping[]>> {
    const byTopic = new Map<string, TopicMapping[]>();
    let marker: string | undefined;
    do {
      const page = await this.client.send(
        new ListEventSourceMappingsCommand({
          FunctionName: this.functionName,
          Marker: marker,
          MaxItems: 100,
        }),
      );
      for (const mapping of page.EventSourceMappings ?? []) {
        if (mapping.UUID === undefined || mapping.EventSourceArn === undefined) continue;
        const route = topicFromQueueArn(mapping.EventSourceArn, this.queueNamePrefix);
        if (route.kind !== 'topic') continue;
        const list = byTopic.get(route.topic) ?? [];
        list.push({
          uuid: mapping.UUID,
          eventSourceArn: mapping.EventSourceArn,
          state: mapping.State ?? 'Unknown',
        });
        byTopic.set(route.topic, list);
      }
      marker = page.NextMarker;
    } while (marker !== undefined);
    return byTopic;
  }
}
