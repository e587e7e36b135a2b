import {
  columnNameForField,
  databaseNamesFor,
  deploymentNameFor,
  errorRateAlarmPrefixFor,
  LAMBDA_KEYS,
  queueNameForTopic,
  queuePrefixFor,
  resourceNames,
  shardedName,
  tableNameForTopic,
} from '../../../../../lambdas/common/naming';

describe('names', () => {
  it.each([
    ['engine-temperature', 'engine_temperature'],
    ['door_events', 'door_events'],
    ['a-b-c', 'a_b_c'],
  ])('maps topic %s to table %s', (topic, table) => {
    expect(tableNameForTopic(topic)).toBe(table);
    expect(tableNameForTopic({ topic })).toBe(table);
  });

  it('builds queue names with the .fifo suffix for FIFO topics only', () => {
    const prefix = queuePrefixFor('lean-ops-prod');

    expect(prefix).toBe('lean-ops-prod-topic-');
    expect(queueNameForTopic(prefix, { topic: 'door-events', queue: 'fifo' })).toBe(
      'lean-ops-prod-topic-door-events.fifo',
    );
    expect(queueNameForTopic(prefix, { topic: 'alarms', queue: 'standard' })).toBe(
      'lean-ops-prod-topic-alarms',
    );
  });

  it('maps nested field paths to columns with __', () => {
    expect(columnNameForField('engine.coolant_c')).toBe('engine__coolant_c');
    expect(columnNameForField('a.b.c')).toBe('a__b__c');
  });
});

describe('resourceNames', () => {
  // The table of docs/naming.md, written out: a change to a rule must change this test too.
  const names = resourceNames(deploymentNameFor('lean-ops', 'dev'), '123456789012');

  it('names every resource of a deployment as docs/naming.md does', () => {
    expect(names).toMatchObject({
      queueNamePrefix: 'lean-ops-dev-topic-',
      dlqStandard: 'lean-ops-dev-dlq',
      dlqFifo: 'lean-ops-dev-dlq.fifo',
      firehoseStream: 'lean-ops-dev-raw',
      rawDatabase: 'lean_ops_dev_raw',
      standardizedDatabase: 'lean_ops_dev_standardized',
      curatedDatabase: 'lean_ops_dev_curated',
      checkpointTable: 'lean-ops-dev-checkpoints',
      locksTable: 'lean-ops-dev-locks',
      dlqIndexTable: 'lean-ops-dev-dlq-index',
      breakerTable: 'lean-ops-dev-breaker',
      schemaRegistryTable: 'lean-ops-dev-schema-registry',
      lakeBucket: 'lean-ops-dev-lake-123456789012',
      archiveBucket: 'lean-ops-dev-archive-123456789012',
      artifactsBucket: 'lean-ops-dev-artifacts-123456789012',
      processorFunction: 'lean-ops-dev-sqs-processor',
    });
    expect(names.glueJob('standardize')).toBe('lean-ops-dev-standardize');
    expect(names.stateMachine('rebuilder')).toBe('lean-ops-dev-rebuilder');
    expect(LAMBDA_KEYS.map(names.function)).toContain('lean-ops-dev-checkpoints');
  });

  it('keeps the DLQs and the stray queue outside the topic prefix', () => {
    for (const queue of [names.dlqStandard, names.dlqFifo, names.unregisteredFeedQueue])
      expect(queue.startsWith(names.queueNamePrefix)).toBe(false);
  });

  it('names the error-rate alarm under the queue prefix, as the breaker reads it', () => {
    expect(names.errorRateAlarm('gps-position')).toBe('lean-ops-dev-topic-error-rate-gps-position');
    expect(
      names
        .errorRateAlarm('gps-position')
        .startsWith(errorRateAlarmPrefixFor(names.queueNamePrefix)),
    ).toBe(true);
    expect(names.queueName('door-events', true)).toBe(
      queueNameForTopic(names.queueNamePrefix, { topic: 'door-events', queue: 'fifo' }),
    );
  });

  it('names the Firehose stream and processor of each stream, stream 0 keeping the unsharded names', () => {
    expect(names.firehoseStreamOf(0)).toBe(names.firehoseStream);
    expect(names.processorFunctionOf(0)).toBe(names.processorFunction);
    expect(names.firehoseStreamOf(2)).toBe('lean-ops-dev-raw-2');
    expect(names.processorFunctionOf(11)).toBe('lean-ops-dev-sqs-processor-11');
    expect(() => shardedName('lean-ops-dev-raw', -1)).toThrow(RangeError);
    expect(() => shardedName('lean-ops-dev-raw', 1.5)).toThrow(RangeError);
  });

  it('derives database names with - replaced by _', () => {
    expect(databaseNamesFor('lean-ops-a-b')).toEqual({
      raw: 'lean_ops_a_b_raw',
      standardized: 'lean_ops_a_b_standardized',
      curated: 'lean_ops_a_b_curated',
    });
  });
});
