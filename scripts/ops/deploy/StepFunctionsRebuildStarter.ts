import {
  DescribeExecutionCommand,
  ExecutionAlreadyExists,
  ExecutionDoesNotExist,
  ListStateMachinesCommand,
  type SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { rebuildExecutionName } from './constants';
import { DeployError } from './errors';
import type { RebuildExecution, RebuildStarter, RebuildStatusReader } from './ports';

/**
 * Starts `<name>-rebuilder` (docs/orchestration.md §2: input `{topic, reason}`) with the
 * deterministic execution name `schema-<topic>-v<version>`, so a rerun after a crash, or a
 * second deployer, finds the same execution instead of starting another rebuild. The state
 * machine's ARN is found by name once (ListStateMachines), so no account id is needed.
 *
 * @example
 * const starter = new StepFunctionsRebuildStarter(sfnClient(), 'lean-ops-dev-rebuilder');
 * await starter.ensureStarted('sensor-b', 2, 'schema sensor-b v2: breaking change');
 */
export class StepFunctionsRebuildStarter implements RebuildStarter {
  private stateMachineArn: Promise<string> | undefined;

  constructor(
    private readonly sfn: SFNClient,
    private readonly stateMachineName: string,
    /** How an execution's status is read; default DescribeExecution on `sfn`. */
    private readonly statusReader: RebuildStatusReader = new DescribeExecutionStatus(sfn),
  ) {}

  async ensureStarted(topic: string, version: number, reason: string): Promise<RebuildExecution> {
    const stateMachineArn = await this.resolveArn();
    const name = rebuildExecutionName(topic, version);
    const executionArn = `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${name}`;
    const existing = await this.describe(executionArn);
    if (existing) return existing;
    try {
      const started = await this.sfn.send(
        new StartExecutionCommand({
          stateMachineArn,
          name,
          // Deterministic input too: Step Functions treats the same name + input as the same call.
          input: JSON.stringify({ topic, reason }),
        }),
      );
      return { executionArn: started.executionArn ?? executionArn, status: 'RUNNING' };
    } catch (error) {
      if (!(error instanceof ExecutionAlreadyExists)) throw error;
      const raced = await this.describe(executionArn);
      if (raced) return raced;
      throw error;
    }
  }

  private async describe(executionArn: string): Promise<RebuildExecution | undefined> {
    const status = await this.statusReader.statusOf(executionArn);
    return status === undefined ? undefined : { executionArn, status };
  }

  private resolveArn(): Promise<string> {
    this.stateMachineArn ??= (async () => {
      let nextToken: string | undefined;
      do {
        const page = await this.sfn.send(new ListStateMachinesCommand({ nextToken }));
        const match = page.stateMachines?.find((machine) => machine.name === this.stateMachineName);
        if (match?.stateMachineArn) return match.stateMachineArn;
        nextToken = page.nextToken;
      } while (nextToken);
      throw new DeployError(
        `state machine ${this.stateMachineName} not found: is the orchestration module deployed in this account and region?`,
      );
    })();
    return this.stateMachineArn;
  }
}

/** A rebuild execution's status from DescribeExecution (RUNNING while Step Functions has none yet). */
export class DescribeExecutionStatus implements RebuildStatusReader {
  constructor(private readonly sfn: SFNClient) {}

  async statusOf(executionArn: string): Promise<string | undefined> {
    try {
      const execution = await this.sfn.send(new DescribeExecutionCommand({ executionArn }));
      return execution.status ?? 'RUNNING';
    } catch (error) {
      if (error instanceof ExecutionDoesNotExist) return undefined;
      throw error;
    }
  }
}
