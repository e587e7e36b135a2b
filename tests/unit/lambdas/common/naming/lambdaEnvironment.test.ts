import { loadCheckpointsConfig } from '../../../../../lambdas/checkpoints/config';
import { loadBreakerConfig } from '../../../../../lambdas/circuit-breaker/config';
import {
  LAMBDA_KEYS,
  type LambdaKey,
  lambdaEnvironment,
  requiredEnvironmentOf,
  resourceNames,
} from '../../../../../lambdas/common/naming';
import { loadArchiverConfig } from '../../../../../lambdas/dlq-archiver/config';
import { loadTransformConfig } from '../../../../../lambdas/firehose-transform/config';
import { loadProcessorConfig } from '../../../../../lambdas/sqs-processor/config';

type Env = Record<string, string | undefined>;

// Each Lambda's cold-start configuration: the map must hold exactly what these require.
const loaders: Record<LambdaKey, (env: Env) => unknown> = {
  'sqs-processor': loadProcessorConfig,
  'firehose-transform': loadTransformConfig,
  'dlq-archiver': loadArchiverConfig,
  'circuit-breaker': loadBreakerConfig,
  checkpoints: loadCheckpointsConfig,
};

const names = resourceNames('lean-ops-dev', '123456789012');

describe.each(LAMBDA_KEYS)('the environment map of %s', (lambda) => {
  it('is enough for its configuration to load', () => {
    expect(() => loaders[lambda](lambdaEnvironment(lambda, names))).not.toThrow();
  });

  it.each(requiredEnvironmentOf(lambda))(
    'holds %s, without which the cold start fails',
    (variable) => {
      const env: Env = { ...lambdaEnvironment(lambda, names), [variable]: undefined };
      expect(() => loaders[lambda](env)).toThrow(new RegExp(variable));
    },
  );

  it('sets every variable to a resource name of the deployment', () => {
    const values = Object.values(lambdaEnvironment(lambda, names));
    expect(values.length).toBeGreaterThan(0);
    for (const value of values) expect(value).toMatch(/^lean[-_]ops[-_]dev[-_]/);
  });
});
