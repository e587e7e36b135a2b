import type { FirehoseReplayReport } from './replayFirehoseErrors';

const MAX_LISTED = 20;

/** The report for a terminal: what failed and why (by error code), where, and what was sent. */
export function formatFirehoseReplayText(report: FirehoseReplayReport): string {
  const lines: string[] = [];
  lines.push(
    `${report.selected} undelivered records selected in ${report.objects} error objects${report.dryRun ? ' (dry run: nothing sent; add --send to replay)' : ''}`,
  );
  const codes = Object.entries(report.byErrorCode).sort((a, b) => b[1].count - a[1].count);
  if (codes.length > 0) lines.push('by error code:');
  for (const [code, { count, sample }] of codes) lines.push(`  ${code}  ${count}  e.g. ${sample}`);
  const topics = Object.entries(report.byTopic).sort((a, b) => b[1] - a[1]);
  if (topics.length > 0) lines.push('by topic:');
  for (const [topic, count] of topics.slice(0, MAX_LISTED)) lines.push(`  ${topic}  ${count}`);
  if (topics.length > MAX_LISTED) lines.push(`  … and ${topics.length - MAX_LISTED} more topics`);
  if (!report.dryRun) lines.push(`sent back to the stream: ${report.sent}`);
  for (const failure of report.failed.slice(0, MAX_LISTED)) {
    lines.push(
      `NOT SENT ${failure.key} line ${failure.line}${failure.messageId ? ` (${failure.messageId})` : ''}: ${failure.reason}`,
    );
  }
  if (report.failed.length > MAX_LISTED)
    lines.push(`… and ${report.failed.length - MAX_LISTED} more not sent (see --json)`);
  for (const bad of report.unreadable.slice(0, MAX_LISTED)) {
    lines.push(`UNREADABLE ${bad.key} line ${bad.line}: ${bad.reason} (left in place)`);
  }
  if (report.interrupted)
    lines.push('interrupted: the objects not reached are untouched; run again to continue');
  return `${lines.join('\n')}\n`;
}
