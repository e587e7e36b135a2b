import { ConfigError } from '../../../../lambdas/common/errors';
import { loadTransformConfig } from '../../../../lambdas/firehose-transform/config';
import { loadProcessorConfig } from '../../../../lambdas/sqs-processor/config';

const validProcessorEnv = {
  FIREHOSE_STREAM_NAME: 'lean-ops-dev-raw',
  QUEUE_NAME_PREFIX: 'lean-ops-dev-topic-',
  ERROR_BUCKET: 'lean-ops-dev-archive-123456789012',
};

describe('processor configuration', () => {
  it('reads the required variables and applies the documented defaults', () => {
    expect(loadProcessorConfig(validProcessorEnv)).toEqual({
      streamName: 'lean-ops-dev-raw',
      queueNamePrefix: 'lean-ops-dev-topic-',
      errorBucket: 'lean-ops-dev-archive-123456789012',
      maxRecordBytes: 1_024_000,
      safetyMarginMs: 3_000,
      maxPutAttempts: 6,
    });
  });

  it.each(['FIREHOSE_STREAM_NAME', 'QUEUE_NAME_PREFIX', 'ERROR_BUCKET'])(
    'fails naming %s when it is missing',
    (variable) => {
      const env: Record<string, string | undefined> = {
        ...validProcessorEnv,
        [variable]: undefined,
      };
      expect(() => loadProcessorConfig(env)).toThrow(new RegExp(variable));
      expect(() => loadProcessorConfig(env)).toThrow(ConfigError);
    },
  );

  it.each([
    ['FIREHOSE_STREAM_NAME', 'has spaces'],
    ['QUEUE_NAME_PREFIX', 'prefix.with.dots'],
    ['ERROR_BUCKET', 'Upper_Case'],
    ['MAX_RECORD_BYTES', '2000000'],
    ['MAX_RECORD_BYTES', 'lots'],
    ['SAFETY_MARGIN_MS', '-1'],
  ])('fails naming %s when it is malformed (%s)', (variable, value) => {
    let error: unknown;
    try {
      loadProcessorConfig({ ...validProcessorEnv, [variable]: value });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).variable).toBe(variable);
  });

  it('treats a blank variable as missing', () => {
    expect(() => loadProcessorConfig({ ...validProcessorEnv, ERROR_BUCKET: '   ' })).toThrow(
      /ERROR_BUCKET is required/,
    );
  });
});

describe('transform configuration', () => {
  it('defaults the errors table to raw_errors', () => {
    expect(loadTransformConfig({ RAW_DATABASE_NAME: 'lean_ops_dev_raw' })).toEqual({
      rawDatabaseName: 'lean_ops_dev_raw',
      rawErrorsTable: 'raw_errors',
    });
  });

  it('fails naming RAW_DATABASE_NAME when it is missing or malformed', () => {
    expect(() => loadTransformConfig({})).toThrow(/RAW_DATABASE_NAME/);
    expect(() => loadTransformConfig({ RAW_DATABASE_NAME: 'Has-Dash' })).toThrow(
      /RAW_DATABASE_NAME/,
    );
  });
});
