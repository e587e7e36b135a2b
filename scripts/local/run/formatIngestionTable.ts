import type { TopicIngestionCounts } from '../report/ingestionReconcile';

const CODES = ['MALFORMED_JSON', 'NOT_AN_OBJECT', 'OVERSIZED', 'UNKNOWN_TOPIC'] as const;

/** The per-topic ingestion table `make run` prints: published, forwarded, dropped by code, retried, dead-lettered. */
export function formatIngestionTable(perTopic: ReadonlyMap<string, TopicIngestionCounts>): string {
  const header = [
    'topic',
    'published',
    'forwarded',
    'dropped',
    ...CODES.map((code) => code.toLowerCase()),
    'retried',
    'dead-lettered',
  ];
  const rows = [...perTopic.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([topic, counts]) => [
      topic,
      counts.published,
      counts.forwarded,
      counts.dropped,
      ...CODES.map((code) => counts.droppedByCode[code] ?? 0),
      counts.retried,
      counts.deadLettered,
    ]);
  const totals = header
    .slice(1)
    .map((_, column) => rows.reduce((sum, row) => sum + Number(row[column + 1]), 0));
  const all = [header, ...rows, ['TOTAL', ...totals]].map((row) => row.map(String));
  const widths = header.map((_, column) =>
    Math.max(...all.map((row) => (row[column] ?? '').length)),
  );
  return all
    .map((row) =>
      row
        .map((cell, column) =>
          column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0),
        )
        .join('  '),
    )
    .join('\n');
}
