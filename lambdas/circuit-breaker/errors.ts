/** Base of the circuit breaker's own errors. */
export class CircuitBreakerError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Another writer kept winning the conditional write of a topic's breaker item. */
export class BreakerContentionError extends CircuitBreakerError {
  readonly topic: string;

  constructor(topic: string, attempts: number) {
    super(`breaker of ${topic}: lost the conditional write ${attempts} times in a row`);
    this.topic = topic;
  }
}

/** The processor function has no event source mapping for the topic's queue. */
export class MappingNotFoundError extends CircuitBreakerError {
  readonly topic: string;
  readonly functionName: string;

  constructor(topic: string, functionName: string) {
    super(`no event source mapping of ${functionName} reads the queue of topic ${topic}`);
    this.topic = topic;
    this.functionName = functionName;
  }
}
