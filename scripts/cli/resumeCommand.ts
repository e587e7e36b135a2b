/**
 * The command line that resumes an interrupted run: the arguments it was started with, `--resume`
 * replaced by the run's id. Arguments with spaces or shell characters are single-quoted so the
 * line can be pasted as it is.
 *
 * @example
 * resumeCommand(['replay-dlq', '--env', 'prod', '--force'], 'replay-20261207T2200-ab12cd34');
 * // "lean-ops replay-dlq --env prod --force --resume replay-20261207T2200-ab12cd34"
 */
export function resumeCommand(args: readonly string[], runId: string): string {
  const kept: string[] = [];
  for (let position = 0; position < args.length; position++) {
    const arg = args[position] as string;
    if (arg === '--resume') {
      position++;
      continue;
    }
    if (arg.startsWith('--resume=')) continue;
    kept.push(arg);
  }
  return ['lean-ops', ...kept, '--resume', runId].map(quoted).join(' ');
}

function quoted(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", `'"'"'`)}'`;
}
