import { resumeCommand } from '../../../scripts/cli/resumeCommand';

describe('resumeCommand', () => {
  it('repeats the arguments and adds the run to resume', () => {
    expect(resumeCommand(['replay-dlq', '--env', 'prod', '--force'], 'replay-1')).toBe(
      'lean-ops replay-dlq --env prod --force --resume replay-1',
    );
  });

  it('replaces an earlier --resume, in either spelling', () => {
    expect(resumeCommand(['replay-dlq', '--resume', 'replay-0', '--env', 'prod'], 'r1')).toBe(
      'lean-ops replay-dlq --env prod --resume r1',
    );
    expect(resumeCommand(['replay-dlq', '--resume=replay-0'], 'r1')).toBe(
      'lean-ops replay-dlq --resume r1',
    );
  });

  it('quotes what a shell would split', () => {
    expect(resumeCommand(['replay-dlq', '--reason', "it's late"], 'r1')).toBe(
      `lean-ops replay-dlq --reason 'it'"'"'s late' --resume r1`,
    );
  });
});
