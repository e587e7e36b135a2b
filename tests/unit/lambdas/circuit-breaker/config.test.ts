import { loadBreakerConfig } from '../../../../lambdas/circuit-breaker/config';

const ENV = {
  BREAKER_TABLE: 'lean-ops-dev-breaker',
  QUEUE_NAME_PREFIX: 'lean-ops-dev-topic-',
  PROCESSOR_FUNCTION_NAME: 'lean-ops-dev-sqs-processor',
};

describe('loadBreakerConfig: one processor per Firehose stream', () => {
  it('toggles the one processor of an unsharded deployment', () => {
    expect(loadBreakerConfig(ENV).processorFunctionNames).toEqual(['lean-ops-dev-sqs-processor']);
  });

  it('derives every stream processor from PROCESSOR_STREAMS, stream 0 keeping the base name', () => {
    expect(loadBreakerConfig({ ...ENV, PROCESSOR_STREAMS: '3' }).processorFunctionNames).toEqual([
      'lean-ops-dev-sqs-processor',
      'lean-ops-dev-sqs-processor-1',
      'lean-ops-dev-sqs-processor-2',
    ]);
  });

  it.each(['0', '51', 'two'])('refuses PROCESSOR_STREAMS=%s at cold start', (value) => {
    expect(() => loadBreakerConfig({ ...ENV, PROCESSOR_STREAMS: value })).toThrow(
      /PROCESSOR_STREAMS/,
    );
  });
});
