import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { buildArchiveEntry } from '../../../../lambdas/dlq-archiver/buildArchiveEntry';
import { DLQ_FIFO_ARN, dlqRecord, TEST_PREFIX } from '../../../helpers/dlqRecords';

const NOW = new Date('2026-11-25T10:30:00.000Z');
// SentTimestamp of the shared factory: 2025-11-25T10:00:00.000Z.
const SENT_AT = new Date(1764064800000).toISOString();

describe('buildArchiveEntry', () => {
  it('derives topic, key and sort key from the source queue, the send time and the message id', () => {
    // Prepare
    const record = dlqRecord({ topic: 'engine-temperature', messageId: 'm-1', receiveCount: 6 });

    // Act
    const entry = buildArchiveEntry(record, TEST_PREFIX, NOW);

    // Assess
    expect(entry.key).toBe(`dlq/topic=engine-temperature/dt=${SENT_AT.slice(0, 10)}/m-1.json`);
    expect(entry.indexItem).toMatchObject({
      topic: 'engine-temperature',
      sk: `${SENT_AT}#m-1`,
      message_id: 'm-1',
      status: 'ARCHIVED',
      archive_key: entry.key,
      error_code: 'DEAD_LETTERED',
      source_queue_arn: record.attributes.DeadLetterQueueSourceArn,
      first_seen_at: NOW.toISOString(),
      receive_count: 6,
    });
    expect(entry.document.error_reason).toContain('6 receives');
  });

  it('stamps when the archive retention deletes the body, and a TTL 30 days later for the index item', () => {
    const record = dlqRecord({ messageId: 'm-2' });

    const expiring = buildArchiveEntry(record, TEST_PREFIX, NOW, 400).indexItem;
    const kept = buildArchiveEntry(record, TEST_PREFIX, NOW, 0).indexItem;

    const bodyExpires = Date.parse('2027-12-30T10:30:00.000Z'); // NOW + 400 days
    expect(expiring.archive_expires_at).toBe(new Date(bodyExpires).toISOString());
    expect(expiring.expires_at).toBe((bodyExpires + 30 * 86_400_000) / 1000);
    expect(kept).not.toHaveProperty('archive_expires_at');
    expect(kept).not.toHaveProperty('expires_at');
  });

  it('keeps the body verbatim with its SHA-256, attributes and message attributes', () => {
    const body = '{"device_id":"dev-ü-東京","x":"tab\\t"}';
    const record = dlqRecord({
      body,
      messageAttributes: {
        trace: {
          dataType: 'String',
          stringValue: 'abc',
          stringListValues: [],
          binaryListValues: [],
        },
      },
    });

    const { document, indexItem } = buildArchiveEntry(record, TEST_PREFIX, NOW);

    expect(document.body).toBe(body);
    expect(document.sha256).toBe(createHash('sha256').update(body, 'utf8').digest('hex'));
    expect(indexItem.sha256).toBe(document.sha256);
    expect(document.message_attributes).toEqual({
      trace: { dataType: 'String', stringValue: 'abc' },
    });
    expect(document.attributes.SentTimestamp).toBe('1764064800000');
  });

  it('maps every delivery of one message to the same key and sort key, whenever it is archived', () => {
    const record = dlqRecord({ messageId: 'same' });

    const first = buildArchiveEntry(record, TEST_PREFIX, NOW);
    const later = buildArchiveEntry(record, TEST_PREFIX, new Date('2026-12-01T00:00:00Z'));

    expect(later.key).toBe(first.key);
    expect(later.indexItem.sk).toBe(first.indexItem.sk);
  });

  it('records the first delivery of a replayed copy that dead-lettered again', () => {
    const record = dlqRecord({
      messageId: 'copy-2',
      messageAttributes: {
        lean_ops_original_message_id: {
          dataType: 'String',
          stringValue: 'first-1',
          stringListValues: [],
          binaryListValues: [],
        },
      },
    });

    const entry = buildArchiveEntry(record, TEST_PREFIX, NOW);

    expect(entry.indexItem).toMatchObject({ message_id: 'copy-2', original_message_id: 'first-1' });
    expect(entry.document.original_message_id).toBe('first-1');
  });

  it('keeps an oversized replay attribute out of the index item, whole in the S3 document', () => {
    // A 300 KB attribute copied into the item would pass DynamoDB's 400 KB item limit with the
    // rest: the message could then never be archived and would sit on the DLQ until it expired.
    const huge = 'x'.repeat(300_000);
    const record = dlqRecord({
      messageId: 'copy-3',
      messageAttributes: {
        lean_ops_original_message_id: {
          dataType: 'String',
          stringValue: huge,
          stringListValues: [],
          binaryListValues: [],
        },
      },
    });

    const entry = buildArchiveEntry(record, TEST_PREFIX, NOW);

    expect(entry.indexItem).not.toHaveProperty('original_message_id');
    expect(JSON.stringify(entry.indexItem).length).toBeLessThan(4_096);
    expect(entry.document.message_attributes.lean_ops_original_message_id?.stringValue).toBe(huge);
  });

  it('cuts the topic exactly from a FIFO source queue and keeps its message group', () => {
    const record = dlqRecord({ topic: 'door-events', fifo: true, groupId: 'door-1' });

    const entry = buildArchiveEntry(record, TEST_PREFIX, NOW);

    expect(entry.indexItem.topic).toBe('door-events');
    expect(entry.indexItem.message_group_id).toBe('door-1');
    expect(entry.document.dlq_arn).toBe(DLQ_FIFO_ARN);
  });

  it.each([
    ['no DeadLetterQueueSourceArn', null],
    [
      'a source queue outside the topic prefix',
      'arn:aws:sqs:us-east-1:123456789012:someone-elses-queue',
    ],
    ['a source that is not an ARN', 'garbage'],
  ])('archives a message with %s under topic UNKNOWN as UNKNOWN_SOURCE', (_label, sourceArn) => {
    const entry = buildArchiveEntry(dlqRecord({ sourceArn, messageId: 'm-x' }), TEST_PREFIX, NOW);

    expect(entry.indexItem.topic).toBe('UNKNOWN');
    expect(entry.indexItem.error_code).toBe('UNKNOWN_SOURCE');
    expect(entry.key).toMatch(/^dlq\/topic=UNKNOWN\/dt=\d{4}-\d{2}-\d{2}\/m-x\.json$/);
  });

  it('falls back to the archive time when SentTimestamp is missing or not a number', () => {
    const record = dlqRecord();
    const attributes = { ...record.attributes, SentTimestamp: 'soon' };

    const entry = buildArchiveEntry({ ...record, attributes }, TEST_PREFIX, NOW);

    expect(entry.indexItem.sent_at).toBe(NOW.toISOString());
  });

  it('never throws and always yields a key under dlq/topic=<topic>/ for hostile ids, bodies and sources', () => {
    fc.assert(
      fc.property(
        fc.string(),
        fc.string(),
        fc.option(fc.string(), { nil: null }),
        (messageId, body, sourceArn) => {
          const entry = buildArchiveEntry(
            dlqRecord({ messageId, body, sourceArn }),
            TEST_PREFIX,
            NOW,
          );
          expect(entry.key.startsWith(`dlq/topic=${entry.indexItem.topic}/dt=`)).toBe(true);
          expect(entry.key.endsWith('.json')).toBe(true);
          // The message id is encoded, so it can never add path segments to the key.
          expect(entry.key.split('/')).toHaveLength(4);
          expect(entry.document.body).toBe(body);
        },
      ),
    );
  });
});
