import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatAuditText } from './formatAuditText';
import { renderAuditHtml } from './renderAuditHtml';
import type { AuditReport } from './types';

/** Writes `audit.json`, `audit.txt` and `audit.html` into `dir`; returns their paths. */
export function writeAuditFiles(dir: string, report: AuditReport): string[] {
  mkdirSync(dir, { recursive: true });
  const files: [string, string][] = [
    ['audit.json', `${JSON.stringify(report, null, 2)}\n`],
    ['audit.txt', formatAuditText(report)],
    ['audit.html', renderAuditHtml(report)],
  ];
  return files.map(([name, body]) => {
    const path = join(dir, name);
    writeFileSync(path, body);
    return path;
  });
}
