/** Base of the traffic injector's own errors; the CLI reports each with exit code 2. */
export class InjectError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** `--topics` names a topic the registry does not hold, or asks for a count it cannot give. */
export class TopicSelectionError extends InjectError {}

/** A queue the traffic needs does not exist: nothing was published. */
export class MissingQueueError extends InjectError {
  readonly queues: string[];

  constructor(queues: string[], deployment: string) {
    const shown = queues.slice(0, 10).join(', ');
    const more = queues.length > 10 ? ` and ${queues.length - 10} more` : '';
    super(
      `queue${queues.length === 1 ? '' : 's'} not found: ${shown}${more}; nothing was published. ` +
        `Provision deployment ${deployment} first (lean-ops local run, the integration harness or ` +
        'Terraform) or check --env/--name and --registry' +
        (queues.some((queue) => queue.endsWith('-unregistered-feed'))
          ? '. The stray queue of the UNKNOWN_TOPIC fault is not created by Terraform: add --without-fault UNKNOWN_TOPIC'
          : ''),
    );
    this.queues = queues;
  }
}

/** The ledger already exists: a previous injection's evidence is never overwritten. */
export class LedgerExistsError extends InjectError {
  readonly ledgerPath: string;

  constructor(ledgerPath: string) {
    super(`ledger ${ledgerPath} already exists; choose another --ledger`);
    this.ledgerPath = ledgerPath;
  }
}
