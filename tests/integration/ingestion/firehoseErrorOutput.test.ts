import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { ARCHIVE_PREFIXES, RAW_ERRORS_TABLE, resourceNames } from '../../../lambdas/common/naming';
import { DirectoryFirehoseBuffer } from '../../../scripts/local/emulation/firehoseBuffer';
import { FirehoseDelivery } from '../../../scripts/local/emulation/firehoseDelivery';
import type { FirehoseErrorRecord } from '../../../scripts/local/emulation/firehoseErrorOutput';
import type { LocalLambda } from '../../../scripts/local/emulation/LocalLambda';
import { LOCAL_ACCOUNT } from '../../../scripts/local/localDeployment';
import { provisionBuckets } from '../../../scripts/local/provision';
import {
  ensureRawTables,
  flushSpoolToIceberg,
  publishDeliveryFailures,
} from '../../../scripts/local/run/rawWriter';
import { endpointEnv, localClients, uniqueName } from '../../harness/localAws';
import { startTransform } from '../../harness/localTransform';
import { rawEnvelope } from '../../helpers/rawEnvelopes';

// The local Firehose refuses what the Iceberg destination refuses and keeps every refused record
// in an S3 error output shaped like Firehose's, never in a table (docs/local-endpoint.md).

const names = resourceNames(uniqueName('fherr'), LOCAL_ACCOUNT);
const clients = localClients();
const work = mkdtempSync(join(tmpdir(), 'firehose-errors-'));
const spoolDir = join(work, 'spool');
const warehouse = join(work, 'warehouse');
let transform: LocalLambda;

beforeAll(async () => {
  await provisionBuckets(clients.s3, [names.archiveBucket]);
  // Terraform's tables: one topic and raw_errors; `unprovisioned-topic` has none.
  await ensureRawTables(
    names.rawDatabase,
    ['engine_temperature', 'door_events', RAW_ERRORS_TABLE],
    warehouse,
    endpointEnv(),
    join(work, 'tables.txt'),
  );
  transform = startTransform(names);
}, 120_000);

afterAll(async () => {
  await transform.stop();
  rmSync(work, { recursive: true, force: true });
});

async function errorRecords(): Promise<(FirehoseErrorRecord & { key: string })[]> {
  const listed = await clients.s3.send(
    new ListObjectsV2Command({
      Bucket: names.archiveBucket,
      Prefix: ARCHIVE_PREFIXES.firehoseErrors,
    }),
  );
  const records: (FirehoseErrorRecord & { key: string })[] = [];
  for (const object of listed.Contents ?? []) {
    const body = await clients.s3.send(
      new GetObjectCommand({ Bucket: names.archiveBucket, Key: object.Key }),
    );
    for (const line of (await body.Body?.transformToString())?.split('\n') ?? []) {
      if (line.trim() !== '') records.push({ ...JSON.parse(line), key: object.Key ?? '' });
    }
  }
  return records;
}

const decoded = (record: FirehoseErrorRecord) =>
  JSON.parse(Buffer.from(record.rawData, 'base64').toString('utf8')) as Record<string, unknown>;

test('every refused record reaches the error output with its code; a valid record of each kind (standard, FIFO, DROP) reaches RAW', async () => {
  const buffer = new DirectoryFirehoseBuffer(join(work, 'buffer'));
  const calls = {
    valid: rawEnvelope({ message_id: 'valid' }),
    // The other kinds the processor produces: a FIFO record and a DROP (routed to raw_errors).
    fifo: rawEnvelope({
      message_id: 'fifo',
      topic: 'door-events',
      source_arn: 'arn:aws:sqs:us-east-1:000000000000:lean-ops-local-topic-door-events.fifo',
      message_group_id: 'veh-1',
      sequence_number: '18889999999999999999',
    }),
    drop: rawEnvelope({
      message_id: 'drop',
      payload: '{not json',
      error: { code: 'MALFORMED_JSON', reason: 'Unexpected token n' },
    }),
    missingColumn: rawEnvelope({ message_id: 'missing-column', source_arn: undefined }),
    wrongType: rawEnvelope({ message_id: 'wrong-type', receive_count: 'one' }),
    nested: rawEnvelope({ message_id: 'nested', payload_sha256: { sha: 'x' } }),
    noTable: rawEnvelope({ message_id: 'no-table', topic: 'unprovisioned-topic' }),
  };
  buffer.write(
    Object.values(calls).map((envelope) => Buffer.from(`${JSON.stringify(envelope)}\n`)),
  );
  // A line that reaches the writer although it breaks the table's types (the transform never
  // routes one; the destination must still refuse it, not coerce it).
  const bypass = rawEnvelope({ message_id: 'bypass', sequence_number: 42 });
  mkdirSync(join(spoolDir, names.rawDatabase, 'engine_temperature'), { recursive: true });
  writeFileSync(
    join(spoolDir, names.rawDatabase, 'engine_temperature', 'bypass.ndjson'),
    `${JSON.stringify(bypass)}\n`,
  );

  await new FirehoseDelivery({
    s3: clients.s3,
    bucket: names.archiveBucket,
    prefix: 'unused/',
    transform,
    spoolDir,
    source: buffer,
  }).deliverPending();
  const landed = await flushSpoolToIceberg(spoolDir, warehouse, endpointEnv());
  const moved = await publishDeliveryFailures(spoolDir, clients.s3, names.archiveBucket);

  expect(
    Object.fromEntries(
      Object.entries(landed.tables).map(([table, counts]) => [table, counts.rows]),
    ),
  ).toEqual({
    [`${names.rawDatabase}.engine_temperature`]: 1,
    [`${names.rawDatabase}.door_events`]: 1,
    [`${names.rawDatabase}.${RAW_ERRORS_TABLE}`]: 1,
    [`${names.rawDatabase}.unprovisioned_topic`]: 0,
  });
  const records = await errorRecords();
  const byId = Object.fromEntries(
    records.map((record) => [String(decoded(record).message_id), record]),
  );
  expect(Object.keys(byId).sort()).toEqual(
    ['bypass', 'missing-column', 'nested', 'no-table', 'wrong-type'].sort(),
  );
  for (const id of ['missing-column', 'wrong-type', 'nested']) {
    expect({ id, code: byId[id]?.errorCode, key: byId[id]?.key }).toEqual({
      id,
      code: 'Lambda.ProcessingFailed',
      key: expect.stringMatching(/^firehose-errors\/processing-failed\/dt=\d{4}-\d{2}-\d{2}\//),
    });
  }
  expect(byId['no-table']).toMatchObject({
    errorCode: 'Iceberg.NoSuchTable',
    dataCatalogTable: { databaseName: names.rawDatabase, tableName: 'unprovisioned_topic' },
    key: expect.stringMatching(/^firehose-errors\/iceberg-failed\/dt=/),
  });
  expect(byId.bypass).toMatchObject({
    errorCode: 'Iceberg.SchemaMismatch',
    errorMessage: 'sequence_number must be a string, got int',
  });
  for (const record of records) {
    expect(record).toEqual(
      expect.objectContaining({
        attemptsMade: 1,
        arrivalTimestamp: expect.any(Number),
        attemptEndingTimestamp: expect.any(Number),
        errorMessage: expect.any(String),
      }),
    );
  }
  expect(moved).toBe(2);
}, 120_000);
