import type { Finding, FindingCode, Severity, SourcePosition } from './types';

export interface FindingInit {
  code: FindingCode;
  file: string;
  path: string;
  message: string;
  hint: string;
  severity?: Severity;
  position?: SourcePosition;
}

/**
 * Builds a finding; severity defaults to `error` and a position adds `line`/`column`.
 *
 * @example
 * makeFinding({ code: 'CDE_NULLABLE', file: 'a.json', path: '$.fields.x.nullable',
 *   message: 'CDE field x is nullable', hint: 'set "nullable": false' });
 */
export function makeFinding(init: FindingInit): Finding {
  const finding: Finding = {
    code: init.code,
    severity: init.severity ?? 'error',
    file: init.file,
    path: init.path,
    message: init.message,
    hint: init.hint,
  };
  if (init.position) {
    finding.line = init.position.line;
    finding.column = init.position.column;
  }
  return finding;
}
