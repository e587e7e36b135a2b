/** Base of the replay's own errors. */
export class ReplayError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** An explicitly requested topic is not registered: nothing is read or sent. */
export class UnregisteredTopicError extends ReplayError {
  readonly topics: string[];

  constructor(topics: string[], registryDir: string) {
    super(
      `refusing to replay: topic ${topics.join(', ')} is not registered in ${registryDir} (a replay only sends to queues of registered topics)`,
    );
    this.topics = topics;
  }
}
