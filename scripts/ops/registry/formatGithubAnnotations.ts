import type { LintReport } from './types';

/**
 * GitHub Actions workflow commands (`::error file=...,line=...::message`), one per finding, so
 * findings show inline on the pull request.
 *
 * @example
 * process.stdout.write(formatGithubAnnotations(report));
 */
export function formatGithubAnnotations(report: LintReport): string {
  const lines: string[] = [];
  for (const topic of report.topics) {
    for (const finding of topic.findings) {
      const properties = [`file=${escapeProperty(finding.file)}`];
      if (finding.line !== undefined) properties.push(`line=${finding.line}`);
      if (finding.column !== undefined) properties.push(`col=${finding.column}`);
      properties.push(`title=${escapeProperty(`${finding.code} ${finding.path}`)}`);
      const command = finding.severity === 'error' ? 'error' : 'warning';
      lines.push(
        `::${command} ${properties.join(',')}::${escapeData(`${finding.message}. Fix: ${finding.hint}`)}`,
      );
    }
  }
  lines.push(
    `${report.topics.length} topics, ${report.errors} errors, ${report.warnings} warnings`,
  );
  return `${lines.join('\n')}\n`;
}

// Escaping rules of the Actions toolkit (@actions/core command.ts).
function escapeData(value: string): string {
  return value.replaceAll('%', '%25').replaceAll('\r', '%0D').replaceAll('\n', '%0A');
}

function escapeProperty(value: string): string {
  return escapeData(value).replaceAll(':', '%3A').replaceAll(',', '%2C');
}
