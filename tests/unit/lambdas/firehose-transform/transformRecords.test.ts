import type { FirehoseTransformationEvent } from 'aws-lambda';
import fc from 'fast-check';
import { transformRecords } from '../../../../lambdas/firehose-transform/transformRecords';
import { rawEnvelope as envelope } from '../../../helpers/rawEnvelopes';

const config = { rawDatabaseName: 'lean_ops_dev_raw', rawErrorsTable: 'raw_errors' };

function event(datas: string[]): FirehoseTransformationEvent {
  return {
    invocationId: 'inv-1',
    deliveryStreamArn: 'arn:aws:firehose:us-east-1:1:deliverystream/raw',
    region: 'us-east-1',
    records: datas.map((data, index) => ({
      recordId: `rec-${index}`,
      approximateArrivalTimestamp: 0,
      data: Buffer.from(data).toString('base64'),
    })),
  };
}

describe('transformRecords', () => {
  it('routes an envelope to its topic table and keeps the data byte-identical', () => {
    const line = `${JSON.stringify(envelope({ topic: 'gps-position' }))}\n`;
    const input = event([line]);

    const { result, rejected } = transformRecords(input, config);

    expect(rejected).toEqual([]);
    expect(result.records).toEqual([
      {
        recordId: 'rec-0',
        result: 'Ok',
        data: input.records[0]?.data,
        metadata: {
          otfMetadata: {
            destinationDatabaseName: 'lean_ops_dev_raw',
            destinationTableName: 'gps_position',
            operation: 'insert',
          },
        },
      },
    ]);
  });

  it.each(['MALFORMED_JSON', 'NOT_AN_OBJECT', 'OVERSIZED', 'UNKNOWN_TOPIC'])(
    'routes an envelope marked %s to raw_errors',
    (code) => {
      const data = JSON.stringify(
        envelope({
          topic: code === 'UNKNOWN_TOPIC' ? 'UNKNOWN' : 'engine-temperature',
          error: { code, reason: 'r' },
        }),
      );
      const { result } = transformRecords(event([data]), config);
      expect(result.records[0]?.result).toBe('Ok');
      const metadata = result.records[0]?.metadata as unknown as
        | { otfMetadata?: { destinationTableName?: string } }
        | undefined;
      expect(metadata?.otfMetadata?.destinationTableName).toBe('raw_errors');
    },
  );

  it.each([
    ['not JSON', 'garbage'],
    ['not an object', '[1]'],
    ['missing message_id', JSON.stringify(envelope({ message_id: undefined }))],
    ['a payload that is not a string', JSON.stringify(envelope({ payload: { a: 1 } }))],
    ['an unroutable topic without error', JSON.stringify(envelope({ topic: 'UNKNOWN' }))],
    ['an error without code', JSON.stringify(envelope({ error: { reason: 'x' } }))],
    [
      'an error with a nested field',
      JSON.stringify(envelope({ error: { code: 'X', reason: { a: 1 } } })),
    ],
    ['missing a non-nullable column', JSON.stringify(envelope({ source_arn: undefined }))],
    ['a null non-nullable column', JSON.stringify(envelope({ payload_sha256: null }))],
    ['a field that is no RAW column', JSON.stringify(envelope({ extra: 'x' }))],
    [
      'a timestamp in milliseconds as a string',
      JSON.stringify(envelope({ sent_at: '1764064800000' })),
    ],
    ['a timestamp that is not an integer', JSON.stringify(envelope({ ingested_at: 1.5 }))],
    ['a receive_count beyond int', JSON.stringify(envelope({ receive_count: 2 ** 31 }))],
    ['a topic that maps onto raw_errors', JSON.stringify(envelope({ topic: 'raw-errors' }))],
    [
      'a topic that maps onto curated_errors',
      JSON.stringify(envelope({ topic: 'curated_errors' })),
    ],
  ])('fails (never drops) a record that is %s', (_label, data) => {
    const { result, rejected } = transformRecords(event([data]), config);
    expect(result.records[0]?.result).toBe('ProcessingFailed');
    expect(result.records[0]?.data).toBe(Buffer.from(data).toString('base64'));
    expect(rejected).toHaveLength(1);
  });

  it('upgrades an envelope of an earlier processor (ISO timestamps, absent nullable columns)', () => {
    // Records buffered in Firehose across a deploy still land, in the current shape.
    const legacy = envelope({
      sent_at: '2026-11-25T10:00:00.000Z',
      ingested_at: '2026-11-25T10:00:01.000Z',
      message_group_id: undefined,
      sequence_number: undefined,
      error: undefined,
    });
    const { result, rejected } = transformRecords(event([`${JSON.stringify(legacy)}\n`]), config);
    expect(rejected).toEqual([]);
    expect(result.records[0]?.result).toBe('Ok');
    const data = Buffer.from(result.records[0]?.data ?? '', 'base64').toString();
    expect(JSON.parse(data)).toEqual(envelope());
    expect(data.endsWith('\n')).toBe(true);
  });

  it('answers a full 6 MB invocation with every recordId exactly once, in order', () => {
    // Prepare: ~4.4 MB of raw envelopes is ~6 MB once base64-encoded, Firehose's invocation limit.
    const datas: string[] = [];
    let bytes = 0;
    for (let index = 0; bytes < 4.4 * 1024 * 1024; index++) {
      const line = `${JSON.stringify(envelope({ message_id: `m-${index}`, payload: JSON.stringify({ device_id: `d-${index}`, pad: 'p'.repeat(900) }) }))}\n`;
      datas.push(index % 97 === 0 ? 'broken' : line);
      bytes += line.length;
    }
    const input = event(datas);
    expect(JSON.stringify(input).length).toBeGreaterThan(5.8 * 1024 * 1024);

    // Act
    const { result } = transformRecords(input, config);

    // Assess
    expect(result.records.map((record) => record.recordId)).toEqual(
      input.records.map((record) => record.recordId),
    );
    expect(result.records.filter((record) => record.result === 'ProcessingFailed')).toHaveLength(
      Math.ceil(datas.length / 97),
    );
    expect(result.records.some((record) => record.result === 'Dropped')).toBe(false);
    expect(result.records.map((record) => record.data)).toEqual(
      input.records.map((record) => record.data),
    );
  });

  it('returns every record exactly once, unchanged, whatever the bytes (property)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.string(),
            fc.json().filter((text) => !text.includes('"sent_at"')),
            fc.constant(JSON.stringify(envelope())),
          ),
        ),
        (datas) => {
          const input = event(datas);
          const { result } = transformRecords(input, config);
          expect(result.records.map((record) => [record.recordId, record.data])).toEqual(
            input.records.map((record) => [record.recordId, record.data]),
          );
          for (const record of result.records)
            expect(['Ok', 'ProcessingFailed']).toContain(record.result);
        },
      ),
    );
  });
});
