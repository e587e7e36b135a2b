import { CheckpointLayer, CheckpointWriteOutcome, type SnapshotRef } from '../common/checkpoints';
import { tableNameForTopic } from '../common/naming';
import type { CheckpointsConfig } from './config';
import { InvalidRequestError } from './errors';
import type { CheckpointsPorts } from './handleRequest';
import type { Capture, CommitRebuild, CommitRebuildRequest } from './types';

/** The rebuilder's two checkpoint steps: capture RAW before the rebuild reads it, then commit. */

export async function capture(
  topic: string,
  config: CheckpointsConfig,
  ports: CheckpointsPorts,
): Promise<Capture> {
  const raw = await ports.readSnapshot(config.rawDatabase, tableNameForTopic(topic));
  if (!raw.exists)
    throw new InvalidRequestError(`topic ${topic} has no RAW table in ${config.rawDatabase}`);
  return {
    topic,
    snapshotId: raw.snapshot?.snapshotId ?? null,
    sequenceNumber: raw.snapshot?.sequenceNumber ?? null,
  };
}

/**
 * After a successful rebuild, makes sure the checkpoints cover what the rebuild read: standardized
 * at least the RAW snapshot captured before the rebuild read RAW (rows committed later are the next
 * run's increment), curated at least the rebuilt standardized snapshot. The rebuild jobs advance
 * both themselves (each captures its read snapshot, which is at or after this capture, first);
 * a checkpoint already there is left as it is, one behind is moved by compare-and-set. Nothing
 * moves backwards.
 */
export async function commitRebuild(
  request: CommitRebuildRequest,
  config: CheckpointsConfig,
  ports: CheckpointsPorts,
): Promise<CommitRebuild> {
  const { topic, captured, runId } = request;
  const stored = (await ports.readProgress([topic])).get(topic);
  const rawSnapshot: SnapshotRef | undefined =
    captured.snapshotId === null || captured.sequenceNumber === null
      ? undefined
      : { snapshotId: captured.snapshotId, sequenceNumber: captured.sequenceNumber };
  const standardizedTable = await ports.readSnapshot(
    config.standardizedDatabase,
    tableNameForTopic(topic),
  );
  const standardizedSnapshot = standardizedTable.exists ? standardizedTable.snapshot : undefined;

  const settle = async (
    layer: CheckpointLayer,
    current: SnapshotRef | undefined,
    target: SnapshotRef | undefined,
  ) => {
    if (
      target === undefined ||
      (current !== undefined && current.sequenceNumber >= target.sequenceNumber)
    ) {
      return { outcome: CheckpointWriteOutcome.UNCHANGED, checkpoint: current ?? null };
    }
    const outcome = await ports.compareAndSet({
      topic,
      layer,
      expected: current,
      proposed: target,
      runId,
    });
    return { outcome, checkpoint: target };
  };
  return {
    topic,
    standardized: await settle(
      CheckpointLayer.STANDARDIZED,
      stored?.standardizedCheckpoint,
      rawSnapshot,
    ),
    curated: await settle(CheckpointLayer.CURATED, stored?.curatedCheckpoint, standardizedSnapshot),
  };
}
