import { auditHours } from './auditHours';
import { auditVerdict, backlogTotals } from './mergeAudit';
import { AUDIT_STATES, type AuditCell, type AuditReport, type Verdict } from './types';

const STYLE: Record<Verdict, { background: string; color: string; mark: string }> = {
  RECONCILED: { background: '#cfe8d4', color: '#1b5e20', mark: '✓' },
  PENDING: { background: '#ffd54f', color: '#4e3b00', mark: '…' },
  BROKEN: { background: '#c62828', color: '#ffffff', mark: '✗' },
};

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function anchor(cell: AuditCell): string {
  return `c-${cell.topic}-${cell.hour.slice(0, 13)}`;
}

function gridTable(report: AuditReport, hours: string[]): string {
  const cells = new Map(report.cells.map((cell) => [`${cell.topic} ${cell.hour}`, cell]));
  const head = hours
    .map((h) => `<th title="${h}">${h.slice(5, 10)}<br>${h.slice(11, 13)}</th>`)
    .join('');
  const rows = report.topics.map((topic) => {
    const tds = hours.map((hour) => {
      const cell = cells.get(`${topic.topic} ${hour}`);
      if (!cell) return '<td class="empty"></td>';
      const style = STYLE[cell.verdict];
      const summary = AUDIT_STATES.filter((s) => cell.states[s])
        .map((s) => `${s} ${cell.states[s]}`)
        .join(', ');
      const mark =
        cell.verdict === 'RECONCILED' ? style.mark : `<a href="#${anchor(cell)}">${style.mark}</a>`;
      return `<td style="background:${style.background};color:${style.color}" title="${escapeHtml(`${topic.topic} ${hour}: ${summary}`)}">${mark}</td>`;
    });
    const verdict = STYLE[topic.verdict];
    return `<tr><th class="topic">${escapeHtml(topic.topic)}</th>${tds.join('')}<td class="n">${topic.messages.toLocaleString('en-US')}</td><td style="background:${verdict.background};color:${verdict.color}">${topic.verdict}</td></tr>`;
  });
  return `<table class="grid"><thead><tr><th>topic \\ hour (UTC)</th>${head}<th>messages</th><th>verdict</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function problemSections(report: AuditReport): string {
  const problems = report.cells
    .filter((cell) => cell.verdict !== 'RECONCILED')
    .sort((a, b) => (a.verdict === b.verdict ? 0 : a.verdict === 'BROKEN' ? -1 : 1));
  if (!problems.length)
    return '<p>Every cell reconciled: each message is in exactly one terminal state.</p>';
  return problems
    .map((cell) => {
      const items = AUDIT_STATES.filter((s) => cell.states[s]).map((s) => {
        const ids = cell.examples[s] ?? [];
        const list = ids.length
          ? `: <code>${ids.map(escapeHtml).join('</code> <code>')}</code>`
          : '';
        return `<li>${s} ${cell.states[s]}${list}</li>`;
      });
      const style = STYLE[cell.verdict];
      return `<details id="${anchor(cell)}" open><summary><span class="badge" style="background:${style.background};color:${style.color}">${cell.verdict}</span> ${escapeHtml(cell.topic)} ${cell.hour}</summary><ul>${items.join('')}</ul></details>`;
    })
    .join('');
}

function sentSection(report: AuditReport): string {
  if (!report.sentChecks)
    return '<p>Sent counts: unavailable (SQS reported no NumberOfMessagesSent for these queues).</p>';
  const rows = report.sentChecks
    .filter((check) => check.verdict !== 'MATCHED')
    .map((c) => {
      const style =
        c.verdict === 'BROKEN'
          ? STYLE.BROKEN
          : c.verdict === 'PENDING'
            ? STYLE.PENDING
            : { background: '#eeeeee', color: '#333333' };
      return `<tr><td style="background:${style.background};color:${style.color}">${c.verdict}</td><td>${escapeHtml(c.topic)}</td><td>${c.hour}</td><td class="n">${c.sent}</td><td class="n">${c.replays}</td><td class="n">${c.found}</td><td>${escapeHtml(c.reason)}</td></tr>`;
    });
  const matched = report.sentChecks.filter((c) => c.verdict === 'MATCHED').length;
  const table = rows.length
    ? `<table class="grid"><thead><tr><th>check</th><th>topic</th><th>hour</th><th>sent (SQS)</th><th>replays</th><th>found</th><th>why</th></tr></thead><tbody>${rows.join('')}</tbody></table>`
    : '';
  return `<h2>Sent counts</h2><p>${matched} of ${report.sentChecks.length} topic-hours: SQS's NumberOfMessagesSent less the DLQ replays equals the messages found.</p>${table}`;
}

/**
 * The audit as a self-contained page: the verdict and run details first, then the topic x hour
 * grid (green reconciled, amber pending, red broken; a non-green cell links to its message ids),
 * the problem cells with their example ids, and the topics that could not be audited. Pure.
 */
export function renderAuditHtml(report: AuditReport): string {
  const hours = auditHours(report.from, report.to);
  const v = report.cellVerdicts;
  const verdict = auditVerdict(report);
  const { queued, deadLetters } = backlogTotals(report);
  const waiting =
    queued || deadLetters
      ? `<p><b>Waiting outside the grid:</b> ${queued.toLocaleString('en-US')} messages still in topic queues; ${deadLetters.toLocaleString('en-US')} dead letters not archived yet (the dlq-archiver is behind or failing).</p>`
      : '';
  const style = STYLE[verdict];
  const unaudited = report.unaudited.length
    ? `<h2>Not audited</h2><ul>${report.unaudited.map((u) => `<li><b>${escapeHtml(u.topic)}</b>: ${escapeHtml(u.reason)}</li>`).join('')}</ul>`
    : '';
  return `<!doctype html><html><head><meta charset="utf-8"><title>lean-ops audit ${escapeHtml(report.deployment)}</title>
<style>body{font:14px system-ui,sans-serif;margin:1.5em}table.grid{border-collapse:collapse}table.grid td,table.grid th{border:1px solid #ddd;padding:2px 5px;text-align:center;font-size:12px}th.topic{text-align:left}td.n{text-align:right}td.empty{background:#fafafa}.verdict{padding:.6em 1em;font-size:18px;display:inline-block}.badge{padding:0 .4em}a{color:inherit}code{font-size:12px}</style></head><body>
<div class="verdict" style="background:${style.background};color:${style.color}">AUDIT ${verdict}: ${v.BROKEN} broken, ${v.PENDING} pending, ${v.RECONCILED} reconciled cells; ${report.unaudited.length} topics not audited</div>
<p>Deployment <b>${escapeHtml(report.deployment)}</b>; messages first sent from ${report.from} to ${report.to}; generated ${report.generatedAt} by ${report.runs.length} audit job runs.</p>
<p>${
    AUDIT_STATES.filter((s) => report.totals[s])
      .map((s) => `${s} ${(report.totals[s] ?? 0).toLocaleString('en-US')}`)
      .join(' · ') || 'no messages in the span'
  }</p>
${report.topics.length ? gridTable(report, hours) : ''}
${waiting}${sentSection(report)}<h2>Problems</h2>${problemSections(report)}${unaudited}
</body></html>
`;
}
