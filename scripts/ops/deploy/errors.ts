/** Base error of the schema deployer. */
export class DeployError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DeployError';
  }
}

/**
 * The registry item was not at the version this deployer planned from: another deployer (or a
 * rerun) applied first. Nothing of this topic was registered by us.
 */
export class RegistryConflictError extends DeployError {
  readonly topic: string;

  constructor(topic: string, message: string, options?: { cause?: unknown }) {
    super(`${topic}: ${message}`, options);
    this.name = 'RegistryConflictError';
    this.topic = topic;
  }
}

/** What is deployed contradicts itself (e.g. a registered version whose schema object is missing). */
export class DeployedStateError extends DeployError {
  readonly topic: string;

  constructor(topic: string, message: string, options?: { cause?: unknown }) {
    super(`${topic}: ${message}`, options);
    this.name = 'DeployedStateError';
    this.topic = topic;
  }
}

/** The schemas on disk are not the commit the linter passed in CI (`--linted-at`). */
export class LintedHeadMismatchError extends DeployError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'LintedHeadMismatchError';
  }
}

/** Evolving an Iceberg table through the catalog failed (the helper's own message). */
export class TableEvolutionError extends DeployError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TableEvolutionError';
  }
}
