/**
 * The Iceberg table name of a topic (the same in the raw, standardized and curated databases):
 * the topic with `-` replaced by `_`. Accepts a topic name or a topic.
 *
 * @example
 * tableNameForTopic('engine-temperature'); // 'engine_temperature'
 * tableNameForTopic({ topic: 'door-events' }); // 'door_events'
 */
export function tableNameForTopic(topic: string | { topic: string }): string {
  const name = typeof topic === 'string' ? topic : topic.topic;
  return name.replaceAll('-', '_');
}
