/** A task repeated in the background; `stop()` waits for the running pass and rethrows its failure. */
export interface Periodic {
  stop(): Promise<void>;
}

/**
 * Runs `task` every `intervalMs` (never two passes at once) until stopped: the local stand-in for
 * what AWS does on its own clock, such as CloudWatch evaluating alarms and EventBridge schedules.
 */
export function every(intervalMs: number, task: () => Promise<void>): Periodic {
  let stopping = false;
  let wake: (() => void) | undefined;
  const loop = (async () => {
    while (!stopping) {
      await task();
      await new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, intervalMs);
      });
    }
  })();
  let failure: unknown;
  const settled = loop.catch((error: unknown) => {
    failure = error;
  });
  return {
    async stop() {
      stopping = true;
      wake?.();
      await settled;
      if (failure !== undefined) throw failure;
    },
  };
}
