import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { ARCHIVE_PREFIXES, RAW_ERRORS_TABLE, resourceNames } from '../../../lambdas/common/naming';
import { FirehoseDelivery } from '../../../scripts/local/emulation/firehoseDelivery';
import {
  ERROR_OUTPUT_TYPES,
  writeErrorOutput,
} from '../../../scripts/local/emulation/firehoseErrorOutput';
import type { LocalLambda } from '../../../scripts/local/emulation/LocalLambda';
import { LOCAL_ACCOUNT } from '../../../scripts/local/localDeployment';
import {
  FIREHOSE_LOCAL_PREFIX,
  provisionBuckets,
  provisionFirehose,
} from '../../../scripts/local/provision';
import { ensureRawTables, flushSpoolToIceberg } from '../../../scripts/local/run/rawWriter';
import { replayFirehoseErrors } from '../../../scripts/ops/firehoseErrors/replayFirehoseErrors';
import { endpointEnv, localClients, uniqueName } from '../../harness/localAws';
import { startTransform } from '../../harness/localTransform';
import { rawEnvelope } from '../../helpers/rawEnvelopes';

// A record Firehose could not deliver (its table did not exist yet) goes back through the stream
// into RAW exactly once: a dry run changes nothing, --send delivers, a second run finds nothing.

const names = resourceNames(uniqueName('fhreplay'), LOCAL_ACCOUNT);
const clients = localClients();
const work = mkdtempSync(join(tmpdir(), 'firehose-replay-'));
const spoolDir = join(work, 'spool');
const warehouse = join(work, 'warehouse');
let transform: LocalLambda;

beforeAll(async () => {
  await provisionBuckets(clients.s3, [names.archiveBucket]);
  await provisionFirehose(clients.firehose, names);
  transform = startTransform(names);
}, 60_000);

afterAll(async () => {
  await transform.stop();
  rmSync(work, { recursive: true, force: true });
});

async function keysUnder(prefix: string): Promise<string[]> {
  const listed = await clients.s3.send(
    new ListObjectsV2Command({ Bucket: names.archiveBucket, Prefix: prefix }),
  );
  return (listed.Contents ?? []).map((object) => object.Key ?? '');
}

test('replay-firehose-errors round-trips an undelivered record into RAW once', async () => {
  const lost = rawEnvelope({ message_id: 'lost-1', topic: 'engine-temperature' });
  const other = rawEnvelope({ message_id: 'other-1', topic: 'door-events' });
  await writeErrorOutput(clients.s3, names.archiveBucket, ERROR_OUTPUT_TYPES.icebergFailed, [
    {
      data: Buffer.from(`${JSON.stringify(lost)}\n`),
      errorCode: 'Iceberg.NoSuchTable',
      errorMessage: 'table engine_temperature does not exist',
      table: { databaseName: names.rawDatabase, tableName: 'engine_temperature' },
    },
    {
      data: Buffer.from(`${JSON.stringify(other)}\n`),
      errorCode: 'Iceberg.NoSuchTable',
      errorMessage: 'table door_events does not exist',
      table: { databaseName: names.rawDatabase, tableName: 'door_events' },
    },
  ]);
  const options = {
    bucket: names.archiveBucket,
    streamName: names.firehoseStream,
    selection: { topics: ['engine-temperature'] },
  };
  const ports = { s3: clients.s3, firehose: clients.firehose };

  // A dry run reports by error code and topic, and changes nothing.
  const dry = await replayFirehoseErrors({ ...options, send: false }, ports);
  expect(dry).toMatchObject({
    dryRun: true,
    selected: 1,
    sent: 0,
    byErrorCode: { 'Iceberg.NoSuchTable': { count: 1 } },
    byTopic: { 'engine-temperature': 1 },
    ok: true,
  });
  expect(await keysUnder(FIREHOSE_LOCAL_PREFIX)).toEqual([]);

  // The operator created the table (Terraform), then sends.
  await ensureRawTables(
    names.rawDatabase,
    ['engine_temperature', RAW_ERRORS_TABLE],
    warehouse,
    endpointEnv(),
    join(work, 'tables.txt'),
  );
  const sent = await replayFirehoseErrors({ ...options, send: true }, ports);
  expect(sent).toMatchObject({ selected: 1, sent: 1, failed: [], ok: true });

  await new FirehoseDelivery({
    s3: clients.s3,
    bucket: names.archiveBucket,
    prefix: FIREHOSE_LOCAL_PREFIX,
    transform,
    spoolDir,
  }).deliverPending();
  const landed = await flushSpoolToIceberg(spoolDir, warehouse, endpointEnv());
  expect(landed.tables[`${names.rawDatabase}.engine_temperature`]?.rows).toBe(1);

  // The sent line moved out of the error output; the other topic's stays, untouched.
  const [errorKey] = await keysUnder(ARCHIVE_PREFIXES.firehoseErrors);
  const remaining = await clients.s3.send(
    new GetObjectCommand({ Bucket: names.archiveBucket, Key: errorKey }),
  );
  const left = (await remaining.Body?.transformToString())?.trim().split('\n') ?? [];
  expect(left).toHaveLength(1);
  expect(Buffer.from(JSON.parse(left[0] ?? '{}').rawData, 'base64').toString()).toContain(
    'other-1',
  );
  expect(await keysUnder(ARCHIVE_PREFIXES.firehoseErrorsReplayed)).toHaveLength(1);

  // A second run sends nothing twice.
  const again = await replayFirehoseErrors({ ...options, send: true }, ports);
  expect(again).toMatchObject({ selected: 0, sent: 0, ok: true });
}, 120_000);
