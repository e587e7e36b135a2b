import { NotReplayedCode, type ReplayReport } from './types';

/**
 * The replay report for a human: one line per topic, then every message not replayed with its
 * code and reason (what to do next is in docs/operations.md), then the totals. Messages an
 * interrupt left unattempted are one line with the command that resumes the run.
 *
 * @example
 * process.stdout.write(formatReplayText(report));
 */
export function formatReplayText(report: ReplayReport, resumeCommand?: string): string {
  const lines: string[] = [];
  lines.push(`replay ${report.replay_id}${report.dry_run ? ' (dry run: nothing sent)' : ''}`);
  const topics = Object.entries(report.per_topic).sort(([a], [b]) => a.localeCompare(b));
  if (topics.length === 0)
    lines.push('  nothing to replay: no ARCHIVED item matches the selection');
  for (const [topic, counts] of topics) {
    const sentPart = report.dry_run
      ? `${counts.selected - counts.not_replayed} would be sent`
      : `${counts.sent} sent`;
    lines.push(
      `  ${topic}: ${counts.selected} selected, ${sentPart}${counts.not_replayed > 0 ? `, ${counts.not_replayed} not replayed` : ''}`,
    );
  }
  if (report.sample.length > 0) {
    lines.push('sample:');
    for (const item of report.sample)
      lines.push(
        `  ${item.topic} ${item.message_id} sent ${item.sent_at} ${item.error_code} ${item.archive_key}`,
      );
  }
  const failures = report.failures.filter((entry) => entry.code !== NotReplayedCode.NOT_ATTEMPTED);
  if (failures.length > 0) {
    lines.push('not replayed:');
    for (const entry of failures)
      lines.push(`  ${entry.topic} ${entry.message_id} ${entry.code}: ${entry.reason}`);
  }
  if (report.checked)
    lines.push(
      `checked: ${report.checked.queues} topic queue(s) resolved, ${report.checked.archive_reads} archived message(s) read and verified (one per topic)`,
    );
  if (report.interrupted) {
    const unattempted = report.failures.length - failures.length;
    lines.push(
      `interrupted: ${unattempted} not attempted; resume (nothing already sent is sent twice): ${resumeCommand ?? `the same command with --resume ${report.replay_id}`}`,
    );
  }
  const verb = report.dry_run ? 'would be sent' : 'sent';
  const sent = report.dry_run ? report.selected - report.not_replayed : report.sent;
  lines.push(
    `total: ${report.selected} selected, ${sent} ${verb}, ${report.not_replayed} not replayed`,
  );
  return `${lines.join('\n')}\n`;
}
