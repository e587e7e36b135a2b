/** Base of every error lean-ops raises on purpose; `name` is the subclass name. */
export class LeanOpsError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** A required environment variable is missing or malformed; raised at cold start. */
export class ConfigError extends LeanOpsError {
  readonly variable: string;

  constructor(variable: string, problem: string) {
    super(`environment variable ${variable} ${problem}`);
    this.variable = variable;
  }
}
