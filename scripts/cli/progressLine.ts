/**
 * A progress line for logs and pipes: done of total, the rate so far and the time left at that
 * rate (nothing to say about rate or time before the first item, or once done).
 *
 * @example
 * progressLine(120, 500, 4_000); // '120/500, 30/s, ~13 s left'
 */
export function progressLine(done: number, total: number, elapsedMs: number): string {
  const head = `${done}/${total}`;
  if (done === 0 || elapsedMs <= 0) return head;
  const perSecond = done / (elapsedMs / 1000);
  const rate = `${perSecond >= 10 ? Math.round(perSecond) : perSecond.toFixed(1)}/s`;
  if (done >= total) return `${head}, ${rate}`;
  return `${head}, ${rate}, ~${duration((total - done) / perSecond)} left`;
}

function duration(seconds: number): string {
  if (seconds < 90) return `${Math.ceil(seconds)} s`;
  if (seconds < 5400) return `${Math.round(seconds / 60)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}
