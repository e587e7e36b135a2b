/**
 * Turns the first SIGINT/SIGTERM into a request to stop at the next safe point (the command
 * checks `requested()`), saying so on stderr; `dispose()` removes the handlers.
 *
 * @example
 * const stop = stopRequest('replay-dlq: stopping after the batch in flight');
 * try { await work({ shouldStop: stop.requested }); } finally { stop.dispose(); }
 */
export function stopRequest(message: string): { requested: () => boolean; dispose: () => void } {
  let stopping = false;
  const onSignal = () => {
    stopping = true;
    process.stderr.write(`\n${message}\n`);
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
