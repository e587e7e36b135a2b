/** Base of the dlq-archiver's own errors. */
export class DlqArchiverError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Storing one message failed; it is reported in batchItemFailures and stays on the DLQ. */
export class ArchiveWriteError extends DlqArchiverError {
  readonly messageId: string;
  readonly step: 'archive-object' | 'index-item';

  constructor(
    messageId: string,
    step: 'archive-object' | 'index-item',
    options?: { cause?: unknown },
  ) {
    const cause =
      options?.cause instanceof Error
        ? `${options.cause.name}: ${options.cause.message}`
        : String(options?.cause);
    super(`message ${messageId}: writing the ${step} failed (${cause})`, options);
    this.messageId = messageId;
    this.step = step;
  }
}
