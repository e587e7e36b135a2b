import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { bodySha256, INDEX_GRACE_DAYS } from '../../../lambdas/dlq-archiver/buildArchiveEntry';
import type { ArchiveDocument } from '../../../lambdas/dlq-archiver/types';
import { NotReplayedCode } from './types';

export type ArchiveRead =
  | { ok: true; document: ArchiveDocument }
  | {
      ok: false;
      code:
        | typeof NotReplayedCode.ARCHIVE_UNREADABLE
        | typeof NotReplayedCode.ARCHIVE_EXPIRED
        | typeof NotReplayedCode.SHA256_MISMATCH;
      reason: string;
      /** The S3 error's name when the read failed (NoSuchKey, NoSuchBucket, AccessDenied, ...). */
      errorName?: string;
    };

/**
 * Reads one archive object and verifies it before anything is sent: the body's SHA-256 must
 * equal both the one stored in the object and the one in the index item. A missing object whose
 * index item says the archive's retention has passed (`archive_expires_at`) is ARCHIVE_EXPIRED,
 * not a fault. Never throws.
 *
 * @example
 * const read = await readArchivedMessage(s3, bucket, item.archive_key, item.sha256);
 * if (read.ok) send(read.document.body);
 */
export async function readArchivedMessage(
  s3: S3Client,
  bucket: string,
  key: string,
  indexedSha256: string,
  expiry: { archiveExpiresAt?: string; now: Date } = { now: new Date() },
): Promise<ArchiveRead> {
  let document: ArchiveDocument;
  try {
    const response = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    document = JSON.parse(
      (await response.Body?.transformToString('utf-8')) ?? '',
    ) as ArchiveDocument;
  } catch (error) {
    const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    const expiredAt = expiry.archiveExpiresAt;
    if (
      (error as Error)?.name === 'NoSuchKey' &&
      expiredAt !== undefined &&
      Date.parse(expiredAt) <= expiry.now.getTime()
    ) {
      return {
        ok: false,
        code: NotReplayedCode.ARCHIVE_EXPIRED,
        reason: `s3://${bucket}/${key}: the archive's retention deleted it at ${expiredAt}; the index item expires ${INDEX_GRACE_DAYS} days later`,
      };
    }
    return {
      ok: false,
      code: NotReplayedCode.ARCHIVE_UNREADABLE,
      reason: `s3://${bucket}/${key}: ${detail}`,
      ...(error instanceof Error ? { errorName: error.name } : {}),
    };
  }
  if (typeof document?.body !== 'string') {
    return {
      ok: false,
      code: NotReplayedCode.ARCHIVE_UNREADABLE,
      reason: `s3://${bucket}/${key}: no body in the archive object`,
    };
  }
  const actual = bodySha256(document.body);
  if (actual !== document.sha256 || actual !== indexedSha256) {
    return {
      ok: false,
      code: NotReplayedCode.SHA256_MISMATCH,
      reason: `s3://${bucket}/${key}: body hashes to ${actual}, archive says ${document.sha256}, index says ${indexedSha256}`,
    };
  }
  return { ok: true, document };
}
