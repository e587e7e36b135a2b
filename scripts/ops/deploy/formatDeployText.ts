import { formatLintText } from '../registry';
import type { DeployReport } from './deploySchemas';

/**
 * Human output of `deploy-schemas`: one line per topic that is not unchanged, then a summary.
 *
 * @example
 * process.stdout.write(formatDeployText(report));
 */
export function formatDeployText(report: DeployReport): string {
  if (report.refused) {
    return `${formatLintText(report.refused.lint, { compared: true })}deploy refused: ${report.refused.reason}\n`;
  }
  const lines: string[] = [];
  for (const topic of report.topics) {
    if (topic.outcome === 'unchanged') continue;
    const versions =
      topic.fromVersion !== undefined && topic.toVersion !== topic.fromVersion
        ? `v${topic.fromVersion} → v${topic.toVersion}`
        : `v${topic.toVersion ?? topic.fromVersion ?? '?'}`;
    lines.push(
      `${topic.topic}: ${topic.change} ${versions} → ${topic.outcome}${topic.status ? ` (${topic.status})` : ''}`,
    );
    for (const column of topic.columns ?? []) lines.push(`  ~ ${column}`);
    if (topic.rebuildExecutionArn)
      lines.push(`  rebuild ${topic.rebuildStatus ?? ''} ${topic.rebuildExecutionArn}`.trimEnd());
    if (topic.message) lines.push(`  ${topic.message}`);
  }
  const counts = Object.entries(report.counts)
    .map(([outcome, count]) => `${count} ${outcome}`)
    .join(', ');
  lines.push(
    `${report.ok ? 'ok' : 'failed'}${report.dryRun ? ' (dry run: nothing applied)' : ''}: ${report.topics.length} topics; ${counts || 'nothing to do'}`,
  );
  return `${lines.join('\n')}\n`;
}
