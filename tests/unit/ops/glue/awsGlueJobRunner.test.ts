import {
  BatchStopJobRunCommand,
  GetJobRunCommand,
  GlueClient,
  StartJobRunCommand,
} from '@aws-sdk/client-glue';
import { mockClient } from 'aws-sdk-client-mock';
import { AwsGlueJobRunner } from '../../../../scripts/ops/glue/AwsGlueJobRunner';

describe('AwsGlueJobRunner', () => {
  it('starts the run with its arguments and polls until it ends', async () => {
    // Prepare
    const glue = mockClient(GlueClient);
    glue.on(StartJobRunCommand).resolves({ JobRunId: 'jr_42' });
    glue
      .on(GetJobRunCommand)
      .resolvesOnce({ JobRun: { JobRunState: 'RUNNING' } })
      .resolvesOnce({ JobRun: { JobRunState: 'RUNNING' } })
      .resolves({ JobRun: { JobRunState: 'FAILED', ErrorMessage: 'exit 1' } });
    const sleeps: number[] = [];
    const runner = new AwsGlueJobRunner(glue as unknown as GlueClient, {
      pollMs: 5,
      sleep: async (ms) => void sleeps.push(ms),
    });

    // Act
    const run = await runner.run('lean-ops-dev-audit', { '--topics': 'a,b' });

    // Assess
    expect(glue.commandCalls(StartJobRunCommand)[0]?.args[0].input).toEqual({
      JobName: 'lean-ops-dev-audit',
      Arguments: { '--topics': 'a,b' },
    });
    expect(glue.commandCalls(GetJobRunCommand)[0]?.args[0].input).toEqual({
      JobName: 'lean-ops-dev-audit',
      RunId: 'jr_42',
    });
    expect(run).toEqual({
      Id: 'jr_42',
      JobName: 'lean-ops-dev-audit',
      JobRunState: 'FAILED',
      Arguments: { '--topics': 'a,b' },
      ErrorMessage: 'exit 1',
    });
    expect(sleeps).toEqual([5, 5]);
  });
});

describe('AwsGlueJobRunner.stopRunning', () => {
  it('stops the runs it started that have not ended, 25 ids per call, and none that ended', async () => {
    // Prepare: 30 runs that stay RUNNING and one that ends
    const glue = mockClient(GlueClient);
    let next = 0;
    let stopping = false;
    glue.on(StartJobRunCommand).callsFake(async () => ({ JobRunId: `jr_${next++}` }));
    glue.on(GetJobRunCommand).callsFake(async (input: { RunId: string }) => ({
      JobRun: {
        JobRunState: input.RunId === 'jr_0' ? 'SUCCEEDED' : stopping ? 'STOPPED' : 'RUNNING',
      },
    }));
    glue.on(BatchStopJobRunCommand).callsFake(async () => {
      stopping = true;
      return {};
    });
    let release: () => void = () => undefined;
    const never = new Promise<void>((resolve) => {
      release = resolve;
    });
    const runner = new AwsGlueJobRunner(glue as unknown as GlueClient, {
      pollMs: 1,
      sleep: () => never,
    });
    await runner.run('lean-ops-dev-audit', {});
    for (let index = 1; index <= 30; index++) void runner.run('lean-ops-dev-audit', {});
    await new Promise((resolve) => setTimeout(resolve, 20));

    // Act
    const stopped = await runner.stopRunning();

    // Assess
    const calls = glue.commandCalls(BatchStopJobRunCommand).map((call) => call.args[0].input);
    expect(calls.map((input) => input.JobRunIds?.length)).toEqual([25, 5]);
    expect(calls.every((input) => input.JobName === 'lean-ops-dev-audit')).toBe(true);
    expect(stopped).toHaveLength(30);
    expect(stopped).not.toContain('jr_0');
    release();
  });
});
