import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { recordFailures } from '../../../lambdas/checkpoints/recordFailures';
import {
  CheckpointLayer,
  compareAndSetCheckpoint,
  FAILURES_LAYER,
  failureAttributes,
  MAINTENANCE_LAYER,
  type SnapshotRef,
  snapshotFromItem,
} from '../../../lambdas/common/checkpoints';
import type { ResourceNames } from '../../../lambdas/common/naming';
import {
  type GlueJobRun,
  type GlueJobRunner,
  StatesTaskError,
} from '../../../scripts/local/stepfunctions';
import type { FakeLake } from './fakeLake';

export interface FakeRun {
  job: 'standardize' | 'curate' | 'maintain';
  topics: string[];
  mode: string;
  args: Record<string, string>;
}

/**
 * Plays the Glue jobs by their contract (docs/glue-jobs.md) without Spark, so orchestration tests
 * count runs and inject failures in seconds: per topic it captures the source table's current
 * snapshot before "reading", commits to the target table when the source moved past the
 * checkpoint, and advances the checkpoint with the real compare-and-set module.
 */
export class FakeGlueJobs implements GlueJobRunner {
  readonly runs: FakeRun[] = [];
  /** StartJobRun answers Glue.ConcurrentRunsExceededException this many times first. */
  refuseStarts = 0;
  refused = 0;
  /** A run for which this returns true ends FAILED without committing anything. */
  failWhen: (run: FakeRun) => boolean = () => false;
  /**
   * Topics that fail inside the job, as a cast the schema cannot express would: the topic's failure
   * is counted in its `failures` item, the other topics are processed, and the run ends FAILED
   * (the jobs' exit 1). Successful topics get their stage's count cleared, as the jobs do.
   */
  readonly poisoned = new Set<string>();
  /** Called after the run captured its snapshots and before it commits (e.g. to block, or to land RAW rows). */
  duringRun: (run: FakeRun) => Promise<void> = async () => {};
  private readonly documents: DynamoDBDocumentClient;

  constructor(
    private readonly lake: FakeLake,
    dynamoDb: DynamoDBClient,
    private readonly names: ResourceNames,
  ) {
    this.documents = DynamoDBDocumentClient.from(dynamoDb);
  }

  async run(jobName: string, args: Record<string, string>): Promise<GlueJobRun> {
    const job = (['standardize', 'curate', 'maintain'] as const).find(
      (candidate) => jobName === this.names.glueJob(candidate),
    );
    if (job === undefined) throw new StatesTaskError('Glue.EntityNotFoundException', jobName);
    if (this.refused < this.refuseStarts) {
      this.refused += 1;
      throw new StatesTaskError(
        'Glue.ConcurrentRunsExceededException',
        `Concurrent runs exceeded for ${jobName}`,
      );
    }
    const run: FakeRun = {
      job,
      topics: (args['--topics'] ?? '').split(','),
      mode: args['--mode'] ?? 'incremental',
      args,
    };
    this.runs.push(run);
    const id = `jr_fake_${this.runs.length}`;
    if (job === 'maintain') return this.maintain(run, id, jobName);
    const source = job === 'standardize' ? 'raw' : 'standardized';
    const target = job === 'standardize' ? 'standardized' : 'curated';
    const layer = job === 'standardize' ? CheckpointLayer.STANDARDIZED : CheckpointLayer.CURATED;
    const captured = new Map(run.topics.map((topic) => [topic, this.lake.current(source, topic)]));
    await this.duringRun(run);
    if (this.failWhen(run)) return injectedFailure(id, jobName, args);
    let anyPoisoned = false;
    for (const topic of run.topics) {
      if (run.mode === 'incremental' && this.poisoned.has(topic)) {
        await recordFailures(
          this.documents,
          this.names.checkpointTable,
          [topic],
          job,
          'ValueError: poisoned',
          new Date(),
        );
        anyPoisoned = true;
        continue;
      }
      if (run.mode === 'incremental') await this.clearFailures(topic, job);
      const upto = captured.get(topic);
      const after = await this.checkpoint(topic, layer);
      if (
        upto === undefined ||
        (run.mode !== 'rebuild' &&
          after !== undefined &&
          after.sequenceNumber >= upto.sequenceNumber)
      ) {
        continue;
      }
      await this.lake.commit(target, topic);
      if (after === undefined || upto.sequenceNumber > after.sequenceNumber) {
        await compareAndSetCheckpoint(this.documents, {
          table: this.names.checkpointTable,
          topic,
          layer,
          expected: after,
          proposed: upto,
          runId: id,
        });
      }
    }
    if (anyPoisoned) return injectedFailure(id, jobName, args);
    return { Id: id, JobName: jobName, JobRunState: 'SUCCEEDED', Arguments: args };
  }

  /** checkpoints.py clear_failures: the stage's attributes removed, no item created. */
  private async clearFailures(topic: string, stage: 'standardize' | 'curate'): Promise<void> {
    const names = failureAttributes(stage);
    try {
      await this.documents.send(
        new UpdateCommand({
          TableName: this.names.checkpointTable,
          Key: { topic, layer: FAILURES_LAYER },
          UpdateExpression: 'REMOVE #count, #at, #error',
          ConditionExpression: 'attribute_exists(#count)',
          ExpressionAttributeNames: {
            '#count': names.count,
            '#at': names.failedAt,
            '#error': names.error,
          },
        }),
      );
    } catch (error) {
      if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
    }
  }

  /** The topic's `failures` item as stored (undefined: none). */
  async failures(topic: string): Promise<Record<string, unknown> | undefined> {
    const response = await this.documents.send(
      new GetCommand({
        TableName: this.names.checkpointTable,
        Key: { topic, layer: FAILURES_LAYER },
        ConsistentRead: true,
      }),
    );
    return response.Item;
  }

  /** The maintain job's contract: paused topics untouched, the others stamped as maintained now. */
  private async maintain(run: FakeRun, id: string, jobName: string): Promise<GlueJobRun> {
    await this.duringRun(run);
    if (this.failWhen(run)) return injectedFailure(id, jobName, run.args);
    for (const topic of run.topics) {
      if (await this.paused(topic)) continue;
      await this.documents.send(
        new PutCommand({
          TableName: this.names.checkpointTable,
          Item: {
            topic,
            layer: MAINTENANCE_LAYER,
            maintained_at: new Date().toISOString(),
            run_id: id,
          },
        }),
      );
    }
    return { Id: id, JobName: jobName, JobRunState: 'SUCCEEDED', Arguments: run.args };
  }

  runsOf(job: FakeRun['job']): FakeRun[] {
    return this.runs.filter((run) => run.job === job);
  }

  async checkpoint(topic: string, layer: CheckpointLayer): Promise<SnapshotRef | undefined> {
    const response = await this.documents.send(
      new GetCommand({
        TableName: this.names.checkpointTable,
        Key: { topic, layer },
        ConsistentRead: true,
      }),
    );
    return snapshotFromItem(response.Item);
  }

  async paused(topic: string): Promise<boolean> {
    const response = await this.documents.send(
      new GetCommand({
        TableName: this.names.checkpointTable,
        Key: { topic, layer: 'control' },
        ConsistentRead: true,
      }),
    );
    return response.Item?.paused === true;
  }
}

/** A run that ended FAILED without committing anything (FakeGlueJobs.failWhen). */
function injectedFailure(id: string, jobName: string, args: Record<string, string>): GlueJobRun {
  return {
    Id: id,
    JobName: jobName,
    JobRunState: 'FAILED',
    Arguments: args,
    ErrorMessage: 'injected failure',
  };
}
