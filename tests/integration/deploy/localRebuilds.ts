import { DescribeExecutionCommand, type SFNClient } from '@aws-sdk/client-sfn';
import type { ExecutionRecord, LocalOrchestration } from '../../../scripts/local/stepfunctions';
import type { RebuildStatusReader } from '../../../scripts/ops/deploy/ports';
import { DescribeExecutionStatus } from '../../../scripts/ops/deploy/StepFunctionsRebuildStarter';

/**
 * The deployer's view of rebuilds on the local endpoint. moto records the execution the
 * deployer starts (StartExecution, DescribeExecution: RUNNING) but cannot execute the
 * rebuilder's Glue tasks, so the harness executes it: `run()` takes the execution's input as the
 * deployer sent it and runs the real rebuilder definition locally (LocalOrchestration), and
 * `statusOf()` then answers with that run's outcome, as DescribeExecution would in AWS.
 * Executions not run here are answered by DescribeExecution on the endpoint, the production path.
 */
export class LocalRebuilds implements RebuildStatusReader {
  private readonly outcomes = new Map<string, ExecutionRecord['status']>();
  private readonly endpoint: DescribeExecutionStatus;

  constructor(private readonly sfn: SFNClient) {
    this.endpoint = new DescribeExecutionStatus(sfn);
  }

  async statusOf(executionArn: string): Promise<string | undefined> {
    return this.outcomes.get(executionArn) ?? this.endpoint.statusOf(executionArn);
  }

  /** Executes the rebuilder definition locally with the input of the started execution. */
  async run(executionArn: string, orchestration: LocalOrchestration): Promise<ExecutionRecord> {
    const started = await this.sfn.send(new DescribeExecutionCommand({ executionArn }));
    if (started.status !== 'RUNNING')
      throw new Error(`${executionArn} is ${started.status}, not a started rebuild`);
    const input = JSON.parse(started.input ?? '{}') as { topic: string; reason: string };
    const record = await orchestration.runRebuilder(input);
    this.outcomes.set(executionArn, record.status);
    return record;
  }
}
