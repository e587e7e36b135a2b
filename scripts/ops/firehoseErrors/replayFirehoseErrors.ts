import type { FirehoseClient } from '@aws-sdk/client-firehose';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  PutObjectCommand,
  paginateListObjectsV2,
  type S3Client,
} from '@aws-sdk/client-s3';
import { ARCHIVE_PREFIXES } from '../../../lambdas/common/naming';
import { deliverToFirehose } from '../../../lambdas/sqs-processor/deliverToFirehose';
import { type ErrorRecord, parseErrorObject } from './parseErrorObject';
import { dayMayMatch, type ErrorSelection, selectErrorRecords } from './selectErrorRecords';

export interface FirehoseReplayOptions {
  bucket: string;
  streamName: string;
  selection: ErrorSelection;
  /** false: a dry run that reads and reports, sends and changes nothing. */
  send: boolean;
  onProgress?: (done: number, total: number) => void;
  /** Checked between error objects: an interrupted run leaves every object whole. */
  shouldStop?: () => boolean;
}

export interface FirehoseReplayReport {
  dryRun: boolean;
  /** Error objects read. */
  objects: number;
  selected: number;
  /** errorCode → how many selected records carry it, and one of their messages. */
  byErrorCode: Record<string, { count: number; sample: string }>;
  /** topic (or "(not an envelope)") → selected records. */
  byTopic: Record<string, number>;
  sent: number;
  failed: { key: string; line: number; messageId?: string; reason: string }[];
  unreadable: { key: string; line: number; reason: string }[];
  /** Where the sent records' lines went (firehose-errors-replayed/…). */
  replayedTo: string[];
  interrupted: boolean;
  ok: boolean;
}

export interface FirehoseReplayPorts {
  s3: S3Client;
  firehose: FirehoseClient;
  now?: () => Date;
}

/**
 * `lean-ops replay-firehose-errors`: finds the records Firehose could not deliver in its S3 error
 * output, reports them by error code and topic, and (with `send`) puts them back on the stream as
 * the processor does (PutRecordBatch with its retries). Each replayed line moves from its error
 * object to `firehose-errors-replayed/` (which expires), so a second run sends nothing twice; what
 * was not sent stays where it was. RAW deduplicates downstream by the envelope's dedup key, so the
 * crash window between sending and moving costs a duplicate, never a loss.
 *
 * @example
 * const report = await replayFirehoseErrors({ bucket, streamName, selection: { topics: [] }, send: false }, { s3, firehose });
 */
export async function replayFirehoseErrors(
  options: FirehoseReplayOptions,
  ports: FirehoseReplayPorts,
): Promise<FirehoseReplayReport> {
  const report: FirehoseReplayReport = {
    dryRun: !options.send,
    objects: 0,
    selected: 0,
    byErrorCode: {},
    byTopic: {},
    sent: 0,
    failed: [],
    unreadable: [],
    replayedTo: [],
    interrupted: false,
    ok: true,
  };
  const keys: string[] = [];
  for await (const page of paginateListObjectsV2(
    { client: ports.s3 },
    { Bucket: options.bucket, Prefix: ARCHIVE_PREFIXES.firehoseErrors },
  )) {
    for (const object of page.Contents ?? []) {
      if (object.Key && dayMayMatch(object.Key, options.selection)) keys.push(object.Key);
    }
  }
  options.onProgress?.(0, keys.length);
  for (const [index, key] of keys.entries()) {
    if (options.shouldStop?.()) {
      report.interrupted = true;
      break;
    }
    const text = await readText(ports.s3, options.bucket, key);
    const parsed = parseErrorObject(key, text);
    report.objects++;
    report.unreadable.push(...parsed.unreadable);
    const selected = selectErrorRecords(parsed.records, options.selection);
    count(report, selected);
    if (options.send && selected.length > 0) {
      await sendAndMove(options, ports, report, key, text, selected);
    }
    options.onProgress?.(index + 1, keys.length);
  }
  report.ok = report.failed.length === 0 && !report.interrupted;
  return report;
}

function count(report: FirehoseReplayReport, selected: readonly ErrorRecord[]): void {
  report.selected += selected.length;
  for (const record of selected) {
    const code = report.byErrorCode[record.errorCode] ?? { count: 0, sample: record.errorMessage };
    code.count++;
    report.byErrorCode[record.errorCode] = code;
    const topic = record.topic ?? '(not an envelope)';
    report.byTopic[topic] = (report.byTopic[topic] ?? 0) + 1;
  }
}

async function sendAndMove(
  options: FirehoseReplayOptions,
  ports: FirehoseReplayPorts,
  report: FirehoseReplayReport,
  key: string,
  text: string,
  selected: readonly ErrorRecord[],
): Promise<void> {
  const failures = await deliverToFirehose(
    ports.firehose,
    selected.map((record) => ({
      messageId: record.messageId ?? `${key}#${record.line}`,
      data: record.data,
      record,
    })),
    {
      streamName: options.streamName,
      remainingTimeMs: () => Number.POSITIVE_INFINITY,
      safetyMarginMs: 0,
    },
  );
  const failedLines = new Set(failures.map((failure) => failure.record.record.line));
  for (const failure of failures) {
    report.failed.push({
      key,
      line: failure.record.record.line,
      ...(failure.record.record.messageId ? { messageId: failure.record.record.messageId } : {}),
      reason: failure.reason,
    });
  }
  const sentLines = new Set(
    selected.map((record) => record.line).filter((line) => !failedLines.has(line)),
  );
  if (sentLines.size === 0) return;
  report.sent += sentLines.size;
  const lines = text.split('\n');
  const now = (ports.now ?? (() => new Date()))();
  const replayedKey = `${ARCHIVE_PREFIXES.firehoseErrorsReplayed}${key.slice(ARCHIVE_PREFIXES.firehoseErrors.length)}.replayed-${now.getTime()}`;
  // The copy first: an interruption between the two writes resends (a duplicate), never loses.
  await ports.s3.send(
    new PutObjectCommand({
      Bucket: options.bucket,
      Key: replayedKey,
      Body: `${[...sentLines].map((line) => lines[line]).join('\n')}\n`,
    }),
  );
  report.replayedTo.push(replayedKey);
  const remaining = lines.filter((line, index) => !sentLines.has(index) && line.trim() !== '');
  if (remaining.length === 0) {
    await ports.s3.send(new DeleteObjectCommand({ Bucket: options.bucket, Key: key }));
  } else {
    await ports.s3.send(
      new PutObjectCommand({ Bucket: options.bucket, Key: key, Body: `${remaining.join('\n')}\n` }),
    );
  }
}

async function readText(s3: S3Client, bucket: string, key: string): Promise<string> {
  const response = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return (await response.Body?.transformToString('utf8')) ?? '';
}
