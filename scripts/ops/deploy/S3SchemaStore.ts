import {
  GetObjectCommand,
  HeadObjectCommand,
  NoSuchKey,
  NotFound,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { currentSchemaKey, versionedSchemaKey } from './constants';
import { DeployedStateError } from './errors';
import type { SchemaStore } from './ports';

/**
 * Schema objects in the artifacts bucket (layout in ./constants.ts). Objects carry their sha256
 * as metadata so a rerun recognises what it already published.
 *
 * @example
 * const store = new S3SchemaStore(s3Client(), 'lean-ops-dev-artifacts-123456789012');
 */
export class S3SchemaStore implements SchemaStore {
  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
  ) {}

  async readVersion(topic: string, version: number): Promise<Uint8Array | undefined> {
    try {
      const object = await this.s3.send(
        new GetObjectCommand({ Bucket: this.bucket, Key: versionedSchemaKey(topic, version) }),
      );
      return object.Body ? await object.Body.transformToByteArray() : new Uint8Array();
    } catch (error) {
      if (error instanceof NoSuchKey) return undefined;
      throw error;
    }
  }

  async publishVersion(
    topic: string,
    version: number,
    bytes: Uint8Array,
    sha256: string,
  ): Promise<void> {
    const key = versionedSchemaKey(topic, version);
    const existing = await this.storedSha256(key);
    if (existing === sha256) return;
    // A version is immutable once deployed: two different files claiming one version means two
    // branches raced or a version was reused; the registry write would settle only one of them.
    if (existing !== undefined) {
      throw new DeployedStateError(
        topic,
        `s3://${this.bucket}/${key} already holds different content (sha256 ${existing}); raise "version"`,
      );
    }
    await this.put(key, bytes, sha256);
  }

  async publishCurrent(topic: string, bytes: Uint8Array, sha256: string): Promise<void> {
    await this.put(currentSchemaKey(topic), bytes, sha256);
  }

  private async put(key: string, bytes: Uint8Array, sha256: string): Promise<void> {
    await this.s3.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: key,
        Body: bytes,
        ContentType: 'application/json',
        Metadata: { sha256 },
      }),
    );
  }

  private async storedSha256(key: string): Promise<string | undefined> {
    try {
      const head = await this.s3.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return head.Metadata?.sha256 ?? '(none)';
    } catch (error) {
      if (error instanceof NotFound || (error as { name?: string }).name === 'NotFound')
        return undefined;
      throw error;
    }
  }
}
