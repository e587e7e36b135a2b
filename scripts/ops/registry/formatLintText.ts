import type { LintReport } from './types';

/**
 * Human-readable linter output: one block per topic with findings or a change, then a summary.
 *
 * @example
 * process.stdout.write(formatLintText(report, { compared: true }));
 */
export function formatLintText(report: LintReport, options: { compared: boolean }): string {
  const lines: string[] = [];
  for (const topic of report.topics) {
    const changed = topic.change !== null && topic.change !== 'none';
    if (topic.findings.length === 0 && !changed) continue;
    lines.push(`${topic.file} (${topic.topic})${changed ? `: ${topic.change}` : ''}`);
    for (const detail of changed ? topic.changes : []) {
      lines.push(`  ${detail.impact === 'breaking' ? '!' : '~'} ${detail.message}`);
    }
    for (const finding of topic.findings) {
      const where = finding.line === undefined ? '' : `:${finding.line}:${finding.column ?? 1}`;
      lines.push(
        `  ${finding.severity} ${finding.code} ${finding.path}${where}: ${finding.message}`,
      );
      lines.push(`    fix: ${finding.hint}`);
    }
  }
  const counts = new Map<string, number>();
  for (const topic of report.topics) {
    if (topic.change) counts.set(topic.change, (counts.get(topic.change) ?? 0) + 1);
  }
  const changes = options.compared
    ? `; changes: ${['none', 'added', 'compatible', 'breaking', 'removed'].map((kind) => `${counts.get(kind) ?? 0} ${kind}`).join(', ')}`
    : '';
  lines.push(
    `${report.ok ? 'ok' : 'FAILED'}: ${report.topics.length} topics, ${report.errors} errors, ${report.warnings} warnings${changes}`,
  );
  return `${lines.join('\n')}\n`;
}
