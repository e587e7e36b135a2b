import { lambdaEnvironment, type ResourceNames } from '../../lambdas/common/naming';
import { LocalLambda } from '../../scripts/local/emulation/LocalLambda';
import { endpointEnv } from './localAws';

/** The built firehose-transform bundle for one test deployment, against the shared endpoint. */
export function startTransform(names: ResourceNames): LocalLambda {
  return new LocalLambda({
    name: 'firehose-transform',
    env: {
      ...endpointEnv(),
      ...lambdaEnvironment('firehose-transform', names),
      POWERTOOLS_LOG_LEVEL: 'ERROR',
    },
    timeoutMs: 10_000,
  });
}
