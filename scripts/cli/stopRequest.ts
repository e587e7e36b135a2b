/** Exit codes of a process ended by a signal, as shells report them (128 + signal number). */
const SIGNAL_EXIT = { SIGINT: 130, SIGTERM: 143 } as const;

/**
 * Turns the first SIGINT/SIGTERM into a request to stop at the next safe point (the command
 * checks `requested()`), saying so on stderr; a second one ends the process at once (the default
 * handler). With `exitAtOnce` (a run that changes nothing, e.g. a dry run) the first signal
 * ends the process at once: there is nothing to finish (`beforeExit` first, e.g. stopping what
 * the command started in AWS). `dispose()` removes the handlers.
 *
 * @example
 * const stop = stopRequest('replay-dlq: stopping after the batch in flight');
 * try { await work({ shouldStop: stop.requested }); } finally { stop.dispose(); }
 */
export function stopRequest(
  message: string,
  {
    exitAtOnce = false,
    beforeExit,
  }: { exitAtOnce?: boolean; beforeExit?: () => Promise<void> } = {},
): { requested: () => boolean; dispose: () => void } {
  let stopping = false;
  const onSignal = (signal: keyof typeof SIGNAL_EXIT) => {
    stopping = true;
    process.stderr.write(`\n${message}\n`);
    if (!exitAtOnce) return;
    const exit = () => process.exit(SIGNAL_EXIT[signal]);
    if (beforeExit)
      beforeExit()
        .catch(() => undefined)
        .finally(exit);
    else exit();
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  return {
    requested: () => stopping,
    dispose: () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}
