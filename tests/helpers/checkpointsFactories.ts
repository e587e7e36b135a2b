import type { CheckpointsConfig } from '../../lambdas/checkpoints/config';
import type { ShardScan } from '../../lambdas/checkpoints/types';

/** The checkpoints Lambda's configuration in tests over in-memory tables. */
export const testCheckpointsConfig: CheckpointsConfig = {
  checkpointTable: 'cp',
  registryTable: 'reg',
  rawDatabase: 'raw',
  standardizedDatabase: 'std',
  curatedDatabase: 'cur',
  stateBucket: 'artifacts',
};

/** A shard's scan answer with `active` topics and nothing else to report. */
export function shardScanOf(active: string[], extra: Partial<ShardScan> = {}): ShardScan {
  return {
    seen: active.length,
    idle: 0,
    paused: [],
    unavailable: [],
    backingOff: [],
    quarantined: [],
    failing: {},
    active,
    activeCount: active.length,
    activeArg: active.join(','),
    ...extra,
  };
}
