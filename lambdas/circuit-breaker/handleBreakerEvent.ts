import type { BreakerDependencies, BreakerOutcome } from './applyBreakerEvent';
import { applyBreakerEvent } from './applyBreakerEvent';
import { parseAlarmNotification } from './parseAlarmNotification';

/** What the Lambda was triggered with: alarm notifications through SNS, or its schedule. */
export type BreakerTrigger =
  | { kind: 'notifications'; messages: string[] }
  | { kind: 'schedule' }
  | { kind: 'unknown'; description: string };

export interface BreakerRunResult {
  outcomes: BreakerOutcome[];
  ignored: string[];
  /** Acted on, but not as sent (a future StateChangeTime clamped to now). */
  warnings: string[];
  /** topic → error message; the handler fails the invocation so Lambda retries it. */
  failures: Map<string, string>;
  /** Topics a tick left for the next one because its time ran out (never a notification's). */
  deferred: string[];
}

/**
 * Time a tick keeps for the topic in progress and the response: it starts no topic with less
 * left (a quarter of its time at most, for short timeouts). A topic costs at most one paced
 * control-plane call plus two DynamoDB round trips.
 */
export const TICK_SAFETY_MARGIN_MS = 10_000;

/**
 * Classifies the Lambda event: SNS records carrying CloudWatch alarm notifications, or an
 * EventBridge scheduled event. Anything else is reported and left alone.
 */
export function classifyTrigger(event: unknown): BreakerTrigger {
  const records = (event as { Records?: unknown })?.Records;
  if (Array.isArray(records)) {
    const messages = records
      .filter((record) => (record as { EventSource?: unknown })?.EventSource === 'aws:sns')
      .map((record) => String((record as { Sns?: { Message?: unknown } }).Sns?.Message ?? ''));
    if (messages.length > 0) return { kind: 'notifications', messages };
  }
  const source = (event as { source?: unknown; 'detail-type'?: unknown }) ?? {};
  if (source.source === 'aws.events' || source['detail-type'] === 'Scheduled Event')
    return { kind: 'schedule' };
  return { kind: 'unknown', description: JSON.stringify(event)?.slice(0, 200) ?? String(event) };
}

async function collect(
  topic: string,
  run: () => Promise<BreakerOutcome>,
  result: BreakerRunResult,
): Promise<void> {
  try {
    result.outcomes.push(await run());
  } catch (error) {
    result.failures.set(
      topic,
      error instanceof Error ? `${error.name}: ${error.message}` : String(error),
    );
  }
}

/** Clock skew tolerated between CloudWatch and this function before a time counts as future. */
export const MAX_CLOCK_SKEW_MS = 60_000;

/**
 * A StateChangeTime beyond `now` plus the skew becomes `now`: acted on, it would make every later
 * genuine notification of the topic look stale (older than the last one seen), forever.
 */
export function clampFutureChangeTime(changedAt: string, now: Date): string {
  return Date.parse(changedAt) > now.getTime() + MAX_CLOCK_SKEW_MS ? now.toISOString() : changedAt;
}

/**
 * The breaker Lambda's job for one trigger. A notification moves only the breaker of the topic
 * its alarm is about; a schedule tick moves every stored breaker whose timer is due and repairs
 * any mapping that disagrees with its breaker, within the invocation's time (the rest is
 * `deferred` to the next tick). One topic failing never stops the others.
 */
export async function handleBreakerEvent(
  trigger: BreakerTrigger,
  queueNamePrefix: string,
  deps: BreakerDependencies,
): Promise<BreakerRunResult> {
  const result: BreakerRunResult = {
    outcomes: [],
    ignored: [],
    warnings: [],
    failures: new Map(),
    deferred: [],
  };
  if (trigger.kind === 'unknown') {
    result.ignored.push(
      `not an SNS alarm notification nor a scheduled event: ${trigger.description}`,
    );
    return result;
  }
  if (trigger.kind === 'notifications') {
    for (const message of trigger.messages) {
      const alarm = parseAlarmNotification(message, queueNamePrefix);
      if (alarm.kind === 'ignored') {
        result.ignored.push(alarm.reason);
        continue;
      }
      const now = deps.now?.() ?? new Date();
      const changedAt = clampFutureChangeTime(alarm.changedAt, now);
      if (changedAt !== alarm.changedAt) {
        result.warnings.push(
          `alarm ${alarm.alarmName}: StateChangeTime ${alarm.changedAt} is in the future; taken as ${changedAt}`,
        );
      }
      const event = {
        kind: 'ALARM_STATE' as const,
        alarmState: alarm.alarmState,
        changedAt,
        alarmName: alarm.alarmName,
      };
      await collect(alarm.topic, () => applyBreakerEvent(alarm.topic, event, deps), result);
    }
    return result;
  }
  // Least recently changed first: a tick that runs out of time leaves the recently handled topics,
  // and the ones it could not reach are first in line next minute.
  const records = [...(await deps.store.list())].sort((a, b) =>
    a.updated_at === b.updated_at
      ? a.topic.localeCompare(b.topic)
      : a.updated_at < b.updated_at
        ? -1
        : 1,
  );
  const margin = Math.min(TICK_SAFETY_MARGIN_MS, (deps.remainingMs?.() ?? 0) / 4);
  for (const [index, record] of records.entries()) {
    if (deps.remainingMs !== undefined && deps.remainingMs() < margin) {
      result.deferred.push(...records.slice(index).map((left) => left.topic));
      break;
    }
    await collect(
      record.topic,
      () => applyBreakerEvent(record.topic, { kind: 'TICK' }, deps),
      result,
    );
  }
  return result;
}
