import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { RAW_ENVELOPE_COLUMNS } from '../../../../lambdas/common/rawEnvelopeColumns';
import { prepareRecord } from '../../../../lambdas/sqs-processor/prepareRecord';
import { queueArnFor, sqsRecord, TEST_PREFIX } from '../../../helpers/sqsRecords';

const context = {
  queueNamePrefix: TEST_PREFIX,
  maxRecordBytes: 1_024_000,
  errorBucket: 'errors-bucket',
  now: new Date('2026-11-25T10:00:00.000Z'),
};

describe('prepareRecord', () => {
  it('wraps a valid object in a RAW envelope with the body verbatim and its sha256', () => {
    // Prepare
    const body = '{"device_id":"e-1","engine":{"coolant_c":88.2}}';
    const record = sqsRecord({ body });

    // Act
    const prepared = prepareRecord(record, context);

    // Assess
    expect(prepared.envelope).toEqual({
      topic: 'engine-temperature',
      message_id: record.messageId,
      payload: body,
      payload_sha256: createHash('sha256').update(body).digest('hex'),
      sent_at: Date.parse('2025-11-25T10:00:00.000Z') * 1_000,
      ingested_at: Date.parse('2026-11-25T10:00:00.000Z') * 1_000,
      receive_count: 1,
      source_arn: record.eventSourceARN,
      message_group_id: null,
      sequence_number: null,
      error: null,
    });
    expect(prepared.data.toString()).toBe(`${JSON.stringify(prepared.envelope)}\n`);
    expect(prepared.oversized).toBeUndefined();
  });

  it.each([
    ['malformed JSON', '{"device_id": ', 'MALFORMED_JSON'],
    ['an empty body', '', 'MALFORMED_JSON'],
    ['whitespace only', '   ', 'MALFORMED_JSON'],
    ['a JSON array', '[{"device_id":"e-1"}]', 'NOT_AN_OBJECT'],
    ['a JSON string', '"hello"', 'NOT_AN_OBJECT'],
    ['a JSON number', '3.14', 'NOT_AN_OBJECT'],
    ['JSON null', 'null', 'NOT_AN_OBJECT'],
    ['JSON true', 'true', 'NOT_AN_OBJECT'],
  ])('marks %s as poison (%s) and still forwards it', (_label, body, code) => {
    const prepared = prepareRecord(sqsRecord({ body }), context);
    expect(prepared.envelope.error?.code).toBe(code);
    expect(prepared.envelope.payload).toBe(body);
    expect(JSON.parse(prepared.data.toString()).error.code).toBe(code);
  });

  it('marks a record from a queue outside the prefix UNKNOWN_TOPIC, keeping the source ARN', () => {
    const arn = 'arn:aws:sqs:us-east-1:123456789012:someone-elses-queue';
    const prepared = prepareRecord(sqsRecord({ eventSourceARN: arn }), context);
    expect(prepared.envelope.topic).toBe('UNKNOWN');
    expect(prepared.envelope.error?.code).toBe('UNKNOWN_TOPIC');
    expect(prepared.envelope.source_arn).toBe(arn);
  });

  it.each([
    ['missing', undefined],
    ['not a string', 42],
  ])(
    'drops a record whose eventSourceARN is %s as UNKNOWN_TOPIC instead of throwing',
    (_label, arn) => {
      const record = { ...sqsRecord({ body: '{"a":1}' }), eventSourceARN: arn } as never;
      const prepared = prepareRecord(record, context);
      expect(prepared.envelope).toMatchObject({ topic: 'UNKNOWN', source_arn: '' });
      expect(prepared.envelope.error).toMatchObject({ code: 'UNKNOWN_TOPIC' });
      expect(prepared.envelope.error?.reason).toContain('not an SQS queue ARN');
    },
  );

  it('keeps the original message id of a DLQ replay, so the copy keeps its identity', () => {
    const record = sqsRecord({
      messageAttributes: {
        lean_ops_original_message_id: { dataType: 'String', stringValue: 'first-delivery-id' },
      },
    });
    const prepared = prepareRecord(record, context);
    expect(prepared.envelope.message_id).toBe('first-delivery-id');
    expect(prepared.messageId).toBe(record.messageId);
  });

  it('carries FIFO group and sequence number', () => {
    const prepared = prepareRecord(sqsRecord({ groupId: 'door-7' }), context);
    expect(prepared.topic).toBe('door-events');
    expect(prepared.messageGroupId).toBe('door-7');
    expect(prepared.envelope.message_group_id).toBe('door-7');
    expect(prepared.envelope.sequence_number).toMatch(/^\d+$/);
  });

  it('preserves unicode and escapes byte for byte', () => {
    const body = '{"name":"東京-ü-🚗","s":"tab\\t \\"q\\" \\\\ \\u2028","raw":"\u2028"}';
    const prepared = prepareRecord(sqsRecord({ body }), context);
    const roundTripped = JSON.parse(prepared.data.toString('utf8')).payload;
    expect(Buffer.from(roundTripped, 'utf8').equals(Buffer.from(body, 'utf8'))).toBe(true);
  });

  describe('at the record size limit', () => {
    const limit = 2_048;
    const small = { ...context, maxRecordBytes: limit };
    const envelopeBytes = (body: string) =>
      prepareRecord(sqsRecord({ messageId: 'm-fixed', body }), {
        ...small,
        maxRecordBytes: 10_000_000,
      }).data.length;
    const bodyOfEnvelopeSize = (size: number) => {
      const overhead = envelopeBytes('{"b":""}');
      return `{"b":"${'x'.repeat(size - overhead)}"}`;
    };

    it('forwards an envelope of exactly the limit', () => {
      const body = bodyOfEnvelopeSize(limit);
      const prepared = prepareRecord(sqsRecord({ messageId: 'm-fixed', body }), small);
      expect(prepared.data.length).toBe(limit);
      expect(prepared.oversized).toBeUndefined();
      expect(prepared.envelope.error).toBeNull();
    });

    it('archives an envelope one byte over the limit and forwards a stub pointing at it', () => {
      const body = bodyOfEnvelopeSize(limit + 1);
      const prepared = prepareRecord(sqsRecord({ messageId: 'm-fixed', body }), small);
      expect(prepared.oversized?.fullData.length).toBe(limit + 1);
      expect(JSON.parse(prepared.oversized?.fullData.toString() ?? '').payload).toBe(body);
      expect(prepared.oversized?.archiveKey).toBe(
        'oversized/topic=engine-temperature/dt=2026-11-25/m-fixed.json',
      );
      expect(prepared.envelope.error?.code).toBe('OVERSIZED');
      expect(prepared.envelope.error?.reason).toContain(
        's3://errors-bucket/oversized/topic=engine-temperature/dt=2026-11-25/m-fixed.json',
      );
      expect(prepared.envelope.payload_sha256).toBe(
        createHash('sha256').update(body).digest('hex'),
      );
      expect(prepared.data.length).toBeLessThan(limit);
    });
  });

  describe('matches the RAW table column for column (schemas/raw-envelope.json)', () => {
    const columnNames = RAW_ENVELOPE_COLUMNS.map((column) => column.name);
    const kinds: [string, ReturnType<typeof sqsRecord>, number][] = [
      ['a standard record', sqsRecord(), 1_024_000],
      ['a FIFO record', sqsRecord({ groupId: 'door-7' }), 1_024_000],
      ['a DROP record', sqsRecord({ body: '[1]' }), 1_024_000],
      [
        'an UNKNOWN_TOPIC record',
        sqsRecord({ eventSourceARN: 'arn:aws:sqs:x:1:other' }),
        1_024_000,
      ],
      ['an oversized stub', sqsRecord({ body: `{"b":"${'x'.repeat(5_000)}"}` }), 2_048],
    ];

    it.each(kinds)(
      '%s carries every column in table order, first level only',
      (_label, record, limit) => {
        const line = prepareRecord(record, { ...context, maxRecordBytes: limit }).data.toString();
        const parsed = JSON.parse(line) as Record<string, unknown>;
        expect(Object.keys(parsed)).toEqual(columnNames);
        for (const column of RAW_ENVELOPE_COLUMNS) {
          const value = parsed[column.name];
          if (value === null) {
            expect(column.nullable).toBe(true);
            continue;
          }
          if (column.type === 'string') expect(typeof value).toBe('string');
          else if (column.type === 'int' || column.type === 'timestamp')
            expect(Number.isSafeInteger(value)).toBe(true);
          else expect(Object.keys(value as object)).toEqual(['code', 'reason']);
        }
      },
    );

    it('sends timestamps as epoch microseconds, as Firehose requires for Iceberg timestamps', () => {
      const prepared = prepareRecord(sqsRecord(), context);
      expect(prepared.envelope.ingested_at).toBe(context.now.getTime() * 1_000);
      expect(prepared.envelope.sent_at).toBe(1764064800000 * 1_000);
    });
  });

  it('never throws and always yields one forwardable JSON line, whatever the body (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.boolean(), (body, outsidePrefix) => {
        const record = sqsRecord({
          body,
          eventSourceARN: outsidePrefix
            ? 'arn:aws:sqs:x:1:other'
            : queueArnFor('engine-temperature'),
        });
        const prepared = prepareRecord(record, { ...context, maxRecordBytes: 4_096 });
        const line = prepared.data.toString('utf8');
        expect(line.endsWith('\n')).toBe(true);
        expect(line.indexOf('\n')).toBe(line.length - 1);
        const envelope = JSON.parse(line);
        expect(envelope.message_id).toBe(record.messageId);
        expect(prepared.data.length).toBeLessThanOrEqual(4_096);
      }),
      { numRuns: 300 },
    );
  });
});
