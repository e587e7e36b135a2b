import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { classifyError } from '../common/classifyError';

/**
 * Writes the full envelope of an oversized record to the error bucket before its stub is
 * forwarded, so the operator can always find and replay it. Returns the failure reason, or
 * undefined once the object is stored.
 */
export async function archiveOversized(
  s3: S3Client,
  bucket: string,
  oversized: { fullData: Buffer; archiveKey: string },
): Promise<string | undefined> {
  try {
    await s3.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: oversized.archiveKey,
        Body: oversized.fullData,
        ContentType: 'application/json',
      }),
    );
    return undefined;
  } catch (error) {
    return `archive of oversized envelope failed, ${classifyError(error).reason}`;
  }
}
