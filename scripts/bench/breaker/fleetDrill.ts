import {
  type BreakerTrigger,
  handleBreakerEvent,
} from '../../../lambdas/circuit-breaker/handleBreakerEvent';
import { TopicMappings } from '../../../lambdas/circuit-breaker/TopicMappings';
import { errorRateAlarmPrefixFor } from '../../../lambdas/common/naming';
import { RatePacer } from '../../../lambdas/common/RatePacer';
import { FakeControlPlane } from './FakeControlPlane';
import { MemoryBreakerStore } from './MemoryBreakerStore';
import { VirtualClock } from './VirtualClock';

export interface FleetDrillOptions {
  topics: number;
  /** The breaker's reserved concurrency: containers serving the async events at once. */
  containers: number;
  /** The breaker's share of Lambda's control-plane budget (CONTROL_PLANE_RPS); undefined: unpaced. */
  controlPlaneRps: number | undefined;
  cooldownSeconds?: number;
  probationSeconds?: number;
  /** The breaker's timeout: a tick defers what it cannot finish. */
  invocationTimeoutMs?: number;
  /** Simulated time after which the drill gives up. */
  horizonMs?: number;
}

export interface FleetDrillFigures {
  topics: number;
  containers: number;
  controlPlaneRps: number | 'unpaced';
  notifications: number;
  /** From the alarms firing to every mapping Disabled or Disabling. */
  allStoppedAfterSeconds: number | undefined;
  /** Control-plane calls (List pages and Updates) made until then, per notification. */
  callsPerNotification: number;
  /** From the alarms firing to every breaker CLOSED with its mapping enabled again. */
  allClosedAfterSeconds: number | undefined;
  controlPlaneCalls: number;
  /** Calls Lambda answered TooManyRequestsException (the breaker retried them). */
  throttled: number;
  /** Topics ticks left for the next tick because their time ran out. */
  deferredByTicks: number;
  /** Events whose invocation failed (Lambda would retry them). */
  failedInvocations: number;
}

const PREFIX = 'lean-ops-prod-topic-';
const FUNCTION_NAME = 'lean-ops-prod-sqs-processor';
const START = Date.parse('2026-12-07T03:00:00.000Z');
const TICK_MS = 60_000;

type DrillEvent = { kind: 'alarm'; topic: string; at: number } | { kind: 'tick' };

/**
 * A fleet-wide outage against the real breaker code (handleBreakerEvent, decideTransition,
 * TopicMappings with its pacing and cache) on simulated time: every topic's error-rate alarm
 * fires at once; `containers` containers take the async events (notifications and the
 * 1-minute ticks) from one queue; the control plane enforces Lambda's account-wide 15 requests/s.
 * The outage ends when the alarms fire, so recovery goes through HALF_OPEN and the probation
 * timer, as when downstream healed.
 */
export async function runFleetDrill(options: FleetDrillOptions): Promise<FleetDrillFigures> {
  const clock = new VirtualClock(START);
  const plane = new FakeControlPlane(clock.now);
  const store = new MemoryBreakerStore();
  const topics = Array.from(
    { length: options.topics },
    (_, i) => `topic-${String(i).padStart(5, '0')}`,
  );
  for (const [i, topic] of topics.entries()) {
    plane.addMapping(
      `uuid-${i}`,
      `arn:aws:sqs:eu-west-1:123456789012:${PREFIX}${topic}`,
      FUNCTION_NAME,
    );
  }
  let seed = 7;
  const random = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  const perContainer =
    options.controlPlaneRps === undefined
      ? undefined
      : options.controlPlaneRps / options.containers;
  const containers = Array.from({ length: options.containers }, () => ({
    mappings: new TopicMappings(plane, FUNCTION_NAME, PREFIX, {
      pacer: new RatePacer(perContainer, clock.now, clock.sleep),
      cacheTtlMs: 60_000,
      now: clock.now,
      sleep: clock.sleep,
      random,
    }),
  }));
  const queue: DrillEvent[] = topics.map((topic) => ({ kind: 'alarm', topic, at: START }));
  const figures: FleetDrillFigures = {
    topics: options.topics,
    containers: options.containers,
    controlPlaneRps: options.controlPlaneRps ?? 'unpaced',
    notifications: topics.length,
    allStoppedAfterSeconds: undefined,
    callsPerNotification: 0,
    allClosedAfterSeconds: undefined,
    controlPlaneCalls: 0,
    throttled: 0,
    deferredByTicks: 0,
    failedInvocations: 0,
  };
  const uuids = topics.map((_, i) => `uuid-${i}`);
  const allIn = (states: string[]) => uuids.every((uuid) => states.includes(plane.stateOf(uuid)));
  const observe = () => {
    const elapsed = (clock.now() - START) / 1000;
    if (figures.allStoppedAfterSeconds === undefined && allIn(['Disabled', 'Disabling'])) {
      figures.allStoppedAfterSeconds = elapsed;
      figures.callsPerNotification = plane.calls / topics.length;
    }
    if (
      figures.allStoppedAfterSeconds !== undefined &&
      figures.allClosedAfterSeconds === undefined &&
      store.items.size === topics.length &&
      [...store.items.values()].every((item) => item.state === 'CLOSED') &&
      allIn(['Enabled', 'Enabling'])
    ) {
      figures.allClosedAfterSeconds = elapsed;
    }
  };
  let stopped = false;
  const ticker = (async () => {
    while (!stopped) {
      await clock.sleep(TICK_MS);
      queue.push({ kind: 'tick' });
    }
  })();
  const timeout = options.invocationTimeoutMs ?? 60_000;
  const workers = containers.map(async (container) => {
    while (!stopped) {
      const event = queue.shift();
      if (event === undefined) {
        await clock.sleep(250);
        continue;
      }
      const startedAt = clock.now();
      const trigger: BreakerTrigger =
        event.kind === 'tick'
          ? { kind: 'schedule' }
          : { kind: 'notifications', messages: [alarmMessage(event.topic, new Date(event.at))] };
      const result = await handleBreakerEvent(trigger, PREFIX, {
        store,
        mappings: container.mappings,
        policy: {
          baseCooldownSeconds: options.cooldownSeconds ?? 300,
          maxCooldownSeconds: 3_600,
          probationSeconds: options.probationSeconds ?? 900,
        },
        now: () => new Date(clock.now()),
        remainingMs: () => timeout - (clock.now() - startedAt),
      });
      figures.deferredByTicks += result.deferred.length;
      if (result.failures.size > 0) figures.failedInvocations += 1;
      observe();
    }
  });
  await clock.run(
    () => figures.allClosedAfterSeconds !== undefined,
    START + (options.horizonMs ?? 4 * 3_600_000),
  );
  stopped = true;
  // let the parked tasks finish: each wakes, sees `stopped`, and ends
  await clock.run(() => false, Number.POSITIVE_INFINITY).catch(() => undefined);
  await Promise.all([ticker, ...workers]);
  figures.controlPlaneCalls = plane.calls;
  figures.throttled = plane.throttled;
  return figures;
}

/** A CloudWatch alarm notification as SNS delivers it for the topic's error-rate alarm. */
function alarmMessage(topic: string, at: Date): string {
  return JSON.stringify({
    AlarmName: `${errorRateAlarmPrefixFor(PREFIX)}${topic}`,
    NewStateValue: 'ALARM',
    OldStateValue: 'OK',
    StateChangeTime: at.toISOString().replace('Z', '+0000'),
    Trigger: { Dimensions: [{ name: 'topic', value: topic }] },
  });
}
