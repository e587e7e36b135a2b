import { errorRateAlarmPrefixFor, TOPIC_NAME_PATTERN } from '../common/naming';
import { AlarmState } from './constants';

/** A per-topic error-rate alarm changed state. */
export interface TopicAlarm {
  kind: 'topic-alarm';
  topic: string;
  alarmName: string;
  alarmState: AlarmState;
  /** ISO-8601 UTC. */
  changedAt: string;
}

/** Anything else on the SNS topic (e.g. "DLQ not empty"): never touches a breaker. */
export interface IgnoredNotification {
  kind: 'ignored';
  reason: string;
}

interface DimensionLike {
  name?: unknown;
  Name?: unknown;
  value?: unknown;
  Value?: unknown;
}

function dimensionTopics(trigger: unknown): string[] {
  if (typeof trigger !== 'object' || trigger === null) return [];
  const { Dimensions, Metrics } = trigger as { Dimensions?: unknown; Metrics?: unknown };
  const lists: unknown[] = [Dimensions];
  // Metric-math alarms (RecordsRetried / RecordsReceived) carry dimensions per metric.
  if (Array.isArray(Metrics)) {
    for (const metric of Metrics)
      lists.push(
        (metric as { MetricStat?: { Metric?: { Dimensions?: unknown } } })?.MetricStat?.Metric
          ?.Dimensions,
      );
  }
  const topics = new Set<string>();
  for (const list of lists) {
    if (!Array.isArray(list)) continue;
    for (const dimension of list as DimensionLike[]) {
      const name = dimension?.name ?? dimension?.Name;
      const value = dimension?.value ?? dimension?.Value;
      if (name === 'topic' && typeof value === 'string') topics.add(value);
    }
  }
  return [...topics];
}

/** CloudWatch writes StateChangeTime as `2026-11-25T10:00:00.000+0000`. */
function toIso(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const millis = Date.parse(value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  return Number.isFinite(millis) ? new Date(millis).toISOString() : undefined;
}

/**
 * Reads one CloudWatch alarm notification (the SNS message text) and says which topic's breaker
 * it concerns. Only alarms named `<QUEUE_NAME_PREFIX>error-rate-<topic>` count: the seed tripped
 * every topic on any alarm of a shared SNS topic, "DLQ not empty" included. The topic comes from
 * the alarm's `topic` dimension when present (it must agree with the name), else from the name.
 * Never throws: anything unreadable is ignored with its reason.
 *
 * @example
 * parseAlarmNotification(JSON.stringify({ AlarmName: 'lean-ops-dev-topic-error-rate-gps-position',
 *   NewStateValue: 'ALARM', StateChangeTime: '2026-11-25T10:00:00.000+0000' }), 'lean-ops-dev-topic-');
 * // → { kind: 'topic-alarm', topic: 'gps-position', alarmState: 'ALARM', ... }
 */
export function parseAlarmNotification(
  message: string,
  queueNamePrefix: string,
): TopicAlarm | IgnoredNotification {
  let alarm: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(message);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
      return { kind: 'ignored', reason: 'not a CloudWatch alarm notification' };
    alarm = parsed as Record<string, unknown>;
  } catch {
    return { kind: 'ignored', reason: 'notification is not JSON' };
  }
  const alarmName = typeof alarm.AlarmName === 'string' ? alarm.AlarmName : '';
  const alarmPrefix = errorRateAlarmPrefixFor(queueNamePrefix);
  if (!alarmName.startsWith(alarmPrefix)) {
    return {
      kind: 'ignored',
      reason: `alarm ${JSON.stringify(alarmName)} is not a per-topic error-rate alarm (${alarmPrefix}<topic>)`,
    };
  }
  const nameTopic = alarmName.slice(alarmPrefix.length);
  if (!TOPIC_NAME_PATTERN.test(nameTopic))
    return {
      kind: 'ignored',
      reason: `alarm ${alarmName}: "${nameTopic}" is not a valid topic name`,
    };
  const dimensions = dimensionTopics(alarm.Trigger);
  if (dimensions.some((topic) => topic !== nameTopic)) {
    return {
      kind: 'ignored',
      reason: `alarm ${alarmName}: topic dimension ${dimensions.join(', ')} disagrees with the alarm name`,
    };
  }
  const state = alarm.NewStateValue;
  if (
    state !== AlarmState.ALARM &&
    state !== AlarmState.OK &&
    state !== AlarmState.INSUFFICIENT_DATA
  ) {
    return {
      kind: 'ignored',
      reason: `alarm ${alarmName}: unknown state ${JSON.stringify(state)}`,
    };
  }
  const changedAt = toIso(alarm.StateChangeTime);
  if (changedAt === undefined)
    return { kind: 'ignored', reason: `alarm ${alarmName}: unreadable StateChangeTime` };
  return { kind: 'topic-alarm', topic: nameTopic, alarmName, alarmState: state, changedAt };
}
