/**
 * The local stand-in for CloudWatch evaluating each topic's error-rate alarm (moto stores alarms
 * but never evaluates them): RecordsRetried / RecordsReceived over a sliding window with a minimum
 * volume, as modules/observability defines it. Pure; the harness feeds it poll results and sends
 * the state changes it returns to the circuit breaker as SNS alarm notifications.
 */
export interface AlarmPolicy {
  windowMs: number;
  threshold: number;
  minimumReceived: number;
}

export type AlarmStateValue = 'OK' | 'ALARM';

export interface AlarmChange {
  topic: string;
  from: AlarmStateValue;
  to: AlarmStateValue;
  rate: number;
  received: number;
}

interface Sample {
  at: number;
  received: number;
  failed: number;
}

export class AlarmEvaluator {
  private readonly samples = new Map<string, Sample[]>();
  private readonly states = new Map<string, AlarmStateValue>();

  constructor(private readonly policy: AlarmPolicy) {}

  record(topic: string, received: number, failed: number, at: number): void {
    if (received === 0) return;
    const list = this.samples.get(topic) ?? [];
    list.push({ at, received, failed });
    this.samples.set(topic, list);
  }

  /** Evaluates every topic at `now`; a window without enough data counts as not breaching. */
  evaluate(now: number): AlarmChange[] {
    const changes: AlarmChange[] = [];
    const topics = new Set([...this.samples.keys(), ...this.states.keys()]);
    for (const topic of topics) {
      const list = (this.samples.get(topic) ?? []).filter(
        (sample) => now - sample.at <= this.policy.windowMs,
      );
      this.samples.set(topic, list);
      const received = list.reduce((sum, sample) => sum + sample.received, 0);
      const failed = list.reduce((sum, sample) => sum + sample.failed, 0);
      const rate = received === 0 ? 0 : failed / received;
      const breaching = received >= this.policy.minimumReceived && rate >= this.policy.threshold;
      const from = this.states.get(topic) ?? 'OK';
      const to: AlarmStateValue = breaching ? 'ALARM' : 'OK';
      if (from !== to) {
        this.states.set(topic, to);
        changes.push({ topic, from, to, rate, received });
      }
    }
    return changes;
  }
}

/** The SNS event a CloudWatch alarm state change delivers to the breaker Lambda. */
export function alarmNotificationEvent(alarmName: string, change: AlarmChange, at: Date): unknown {
  const message = {
    AlarmName: alarmName,
    NewStateValue: change.to,
    OldStateValue: change.from,
    NewStateReason: `local evaluation: ${(change.rate * 100).toFixed(1)}% of ${change.received} records retried`,
    StateChangeTime: at.toISOString().replace('Z', '+0000'),
    Trigger: {
      MetricName: 'ErrorRate',
      Namespace: 'LeanOps',
      Dimensions: [{ name: 'topic', value: change.topic }],
    },
  };
  return {
    Records: [
      {
        EventSource: 'aws:sns',
        EventVersion: '1.0',
        Sns: { Type: 'Notification', Message: JSON.stringify(message) },
      },
    ],
  };
}

/** One topic's RecordsReceived / RecordsRetried from an EMF log line, as CloudWatch would ingest it. */
export interface ErrorRateSample {
  topic: string;
  received: number;
  retried: number;
}

/**
 * Reads the processor's per-topic EMF line (namespace LeanOps, dimension topic); undefined for
 * any other line. The local alarm sees the same metrics the deployed alarm does, so records the
 * processor counts apart (FIFO records held back behind a poison message) never trip a breaker.
 */
export function errorRateSampleFromEmf(line: string): ErrorRateSample | undefined {
  if (!line.includes('"RecordsReceived"')) return undefined;
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  const { topic, RecordsReceived: received, RecordsRetried: retried } = parsed;
  if (typeof topic !== 'string' || typeof received !== 'number' || typeof retried !== 'number')
    return undefined;
  return { topic, received, retried };
}
