import { parseErrorObject } from '../../../../scripts/ops/firehoseErrors/parseErrorObject';
import {
  dayMayMatch,
  selectErrorRecords,
} from '../../../../scripts/ops/firehoseErrors/selectErrorRecords';

const KEY = 'firehose-errors/iceberg-failed/dt=2026-12-06/1-a.json';
const envelope = (topic: string, id: string) =>
  Buffer.from(`${JSON.stringify({ topic, message_id: id, payload: '{}' })}\n`).toString('base64');
const line = (fields: Record<string, unknown>) => JSON.stringify(fields);

describe('parseErrorObject', () => {
  it('decodes each error record and the envelope ids inside; keeps what it cannot read aside', () => {
    const text = [
      line({
        attemptsMade: 1,
        arrivalTimestamp: 1_765_000_000_000,
        errorCode: 'Iceberg.NoSuchTable',
        errorMessage: 'no table',
        attemptEndingTimestamp: 1_765_000_000_500,
        rawData: envelope('door-events', 'm-1'),
      }),
      line({
        arrivalTimestamp: 1_765_000_000_001,
        ErrorCode: 'DataFormatConversion.Failed',
        ErrorMessage: 'bad',
        rawData: Buffer.from('not an envelope').toString('base64'),
      }),
      'garbage{',
      line({ errorCode: 'x' }),
      '',
    ].join('\n');

    const parsed = parseErrorObject(KEY, text);

    expect(
      parsed.records.map(({ line, errorCode, topic, messageId }) => ({
        line,
        errorCode,
        topic,
        messageId,
      })),
    ).toEqual([
      { line: 0, errorCode: 'Iceberg.NoSuchTable', topic: 'door-events', messageId: 'm-1' },
      { line: 1, errorCode: 'DataFormatConversion.Failed', topic: undefined, messageId: undefined },
    ]);
    expect(parsed.records[0]?.data.toString('utf8')).toBe(
      `${JSON.stringify({ topic: 'door-events', message_id: 'm-1', payload: '{}' })}\n`,
    );
    expect(parsed.unreadable.map((bad) => bad.line)).toEqual([2, 3]);
  });
});

describe('selectErrorRecords', () => {
  const { records } = parseErrorObject(
    KEY,
    [
      ['a', 'door-events', 'Iceberg.NoSuchTable', 1_000],
      ['b', 'door-events', 'Lambda.ProcessingFailed', 2_000],
      ['c', 'gps-position', 'Iceberg.NoSuchTable', 3_000],
    ]
      .map(([id, topic, errorCode, at]) =>
        line({
          arrivalTimestamp: at,
          errorCode,
          errorMessage: '',
          rawData: envelope(String(topic), String(id)),
        }),
      )
      .join('\n'),
  );
  const ids = (selected: typeof records) => selected.map((record) => record.messageId);

  it('takes every record without filters, and narrows by topic, error code and arrival time', () => {
    expect(ids(selectErrorRecords(records, { topics: [] }))).toEqual(['a', 'b', 'c']);
    expect(ids(selectErrorRecords(records, { topics: ['door-events'] }))).toEqual(['a', 'b']);
    expect(
      ids(selectErrorRecords(records, { topics: [], errorCode: 'Iceberg.NoSuchTable' })),
    ).toEqual(['a', 'c']);
    expect(ids(selectErrorRecords(records, { topics: [], since: 2_000, until: 3_000 }))).toEqual([
      'b',
    ]);
  });

  it('skips day partitions wholly outside the time range, and keys without one are read', () => {
    const day = Date.parse('2026-12-06T00:00:00Z');
    expect(dayMayMatch(KEY, { topics: [], since: day + 3_600_000 })).toBe(true);
    expect(dayMayMatch(KEY, { topics: [], since: day + 86_400_000 })).toBe(false);
    expect(dayMayMatch(KEY, { topics: [], until: day })).toBe(false);
    expect(dayMayMatch(KEY, { topics: [], until: day + 1 })).toBe(true);
    expect(dayMayMatch('firehose-errors/other/x.json', { topics: [], until: 0 })).toBe(true);
  });
});
