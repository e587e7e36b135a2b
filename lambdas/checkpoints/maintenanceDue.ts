import type { TopicStatus } from './classifyTopic';

/**
 * Whether a topic's tables are due for the maintain job: never while paused (a rebuild owns
 * them), otherwise when they were never maintained or last maintained `intervalSeconds` ago or
 * more. The orchestrator only asks for topics its run just processed, so "new data since" holds;
 * an idle topic is never in a run and costs nothing.
 *
 * @example
 * maintenanceStatus({ paused: false, maintainedAtMs: Date.parse('2026-12-05T00:00:00Z') },
 *   new Date('2026-12-06T01:00:00Z'), 86_400); // → 'active'
 */
export function maintenanceStatus(
  progress: { paused: boolean; maintainedAtMs?: number },
  now: Date,
  intervalSeconds: number,
): TopicStatus {
  if (progress.paused) return 'paused';
  if (progress.maintainedAtMs === undefined) return 'active';
  return now.getTime() - progress.maintainedAtMs >= intervalSeconds * 1000 ? 'active' : 'idle';
}
