/** Where an injection stands, as the progress line shows it. */
export interface ProgressState {
  published: number;
  total: number;
  /** Since publishing started. */
  elapsedMs: number;
}

const count = new Intl.NumberFormat('en-US');

/** `m:ss`, or `h:mm:ss` from an hour up. */
export function formatDuration(seconds: number): string {
  const whole = Math.max(0, Math.ceil(seconds));
  const h = Math.floor(whole / 3600);
  const m = Math.floor((whole % 3600) / 60);
  const s = String(whole % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/**
 * One progress line: published / total, percentage, the average rate so far and the ETA at that
 * rate (`--` until something has been published). Pure: the caller decides where and how often
 * it is written.
 *
 * @example
 * formatProgressLine({ published: 1500, total: 3000, elapsedMs: 3000 });
 * // 'inject 1,500/3,000 (50 %) 500 msg/s ETA 0:03'
 */
export function formatProgressLine(state: ProgressState): string {
  const { published, total } = state;
  const seconds = state.elapsedMs / 1000;
  const rate = seconds > 0 ? published / seconds : 0;
  const percent = total > 0 ? Math.floor((published * 100) / total) : 100;
  const eta =
    published >= total ? '0:00' : rate > 0 ? formatDuration((total - published) / rate) : '--';
  return `inject ${count.format(published)}/${count.format(total)} (${percent} %) ${count.format(Math.round(rate))} msg/s ETA ${eta}`;
}
