/** Base error of the topic registry: something about the input's location, not its content. */
export class RegistryError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'RegistryError';
  }
}

/**
 * A registry source could not be read at all (missing folder, unknown git ref, git missing).
 * Problems inside a topic file are findings, never this error.
 */
export class RegistrySourceError extends RegistryError {
  readonly source: string;

  constructor(source: string, message: string, options?: { cause?: unknown }) {
    super(`${source}: ${message}`, options);
    this.name = 'RegistrySourceError';
    this.source = source;
  }
}
