import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Where a Firehose stream's accepted PutRecordBatch calls wait for delivery: one object per call,
 * the records' bytes concatenated as sent (what moto's Firehose writes to S3). FirehoseDelivery
 * reads, transforms and removes them.
 */
export interface DeliverySource {
  /** Keys of the pending objects, oldest first. */
  list(): Promise<string[]>;
  read(key: string): Promise<Buffer>;
  remove(key: string): Promise<void>;
}

/**
 * A Firehose buffer in a local folder, for the local run: the fault proxy answers PutRecordBatch
 * itself and writes here, so the hottest call of the pipeline never reaches moto (which otherwise
 * spends a PutRecordBatch, an S3 put, a list, a get and a delete per call). Files appear
 * atomically (written under a temporary name, then renamed), so a reader never sees half a call.
 */
export class DirectoryFirehoseBuffer implements DeliverySource {
  private sequence = 0;

  constructor(private readonly dir: string) {
    mkdirSync(dir, { recursive: true });
  }

  /** Stores one accepted call's records. */
  write(records: Buffer[]): void {
    const name = `${Date.now().toString().padStart(15, '0')}-${String(++this.sequence).padStart(9, '0')}`;
    const temporary = join(this.dir, `.${name}.tmp`);
    writeFileSync(temporary, Buffer.concat(records));
    renameSync(temporary, join(this.dir, `${name}.batch`));
  }

  async list(): Promise<string[]> {
    return readdirSync(this.dir)
      .filter((name) => name.endsWith('.batch'))
      .sort();
  }

  async read(key: string): Promise<Buffer> {
    return readFileSync(join(this.dir, key));
  }

  async remove(key: string): Promise<void> {
    rmSync(join(this.dir, key), { force: true });
  }
}
