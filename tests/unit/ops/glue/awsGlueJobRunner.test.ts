import { GetJobRunCommand, GlueClient, StartJobRunCommand } from '@aws-sdk/client-glue';
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
