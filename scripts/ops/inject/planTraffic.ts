import type { TopicSchema } from '../registry';
import { seededRandom } from '../registry/seededRandom';
import {
  DEAD_LETTER_MARKER,
  DEFAULT_FAULT_RATES,
  Fault,
  type FaultRates,
  TerminalState,
} from './faults';
import { buildPayload, deletePath, EPOCH_MS, setPath } from './payloads';

/** One message the generator will publish, with the terminal state it must reach. */
export interface PlannedMessage {
  seq: number;
  /** The registered topic, or `UNKNOWN` for a message sent to a queue outside the topic prefix. */
  topic: string;
  fifo: boolean;
  groupId?: string;
  dedupId?: string;
  body: string;
  fault: Fault;
  expected: TerminalState;
  /** The dedup key as JSON, when the body has one. */
  key?: string;
  /** For a re-sent key: the seq of the message it repeats. */
  baseSeq?: number;
}

export interface TrafficOptions {
  events: number;
  seed: number;
  rates?: FaultRates;
  /** Body size of OVERSIZED messages: over the processor's record limit, under the queue's. */
  oversizedBytes?: number;
}

/** A message may serve as the base of a duplicate/correction only this many messages later. */
const MIN_BASE_DISTANCE = 12;
/** Messages stay open as candidate bases for at most this many later messages (bounds memory). */
const WINDOW = 2_000;

interface Open {
  message: PlannedMessage;
  payload: Record<string, unknown>;
  schema: TopicSchema;
  n: number;
  orderByMs: number;
  used: boolean;
}

function chooseFault(random: () => number, rates: Required<FaultRates>): Fault {
  let roll = random();
  for (const [fault, rate] of Object.entries(rates) as [Fault, number][]) {
    if (roll < rate) return fault;
    roll -= rate;
  }
  return Fault.NONE;
}

function keyOf(schema: TopicSchema, payload: Record<string, unknown>): string {
  return JSON.stringify(
    schema.dedup.key.map((path) =>
      path
        .split('.')
        .reduce<unknown>(
          (node, part) => (node as Record<string, unknown> | undefined)?.[part],
          payload,
        ),
    ),
  );
}

/**
 * Plans deterministic, schema-driven IoT traffic over `topics` with faults injected at `rates`,
 * yielding messages in publication order. Messages that re-send a key (duplicates, corrections,
 * late arrivals) refer to an earlier message at least MIN_BASE_DISTANCE messages of the same
 * topic back, so the base is always published (and stamped by SQS) first; the base's expected
 * state is settled before it is yielded. Memory is bounded by WINDOW, whatever `events` is.
 */
export function* planTraffic(
  topics: readonly TopicSchema[],
  options: TrafficOptions,
): Generator<PlannedMessage> {
  if (topics.length === 0) throw new RangeError('planTraffic needs at least one topic');
  const random = seededRandom(options.seed);
  const rates = { ...DEFAULT_FAULT_RATES, ...options.rates } as Required<FaultRates>;
  const oversizedBytes = options.oversizedBytes ?? 70_000;
  const pending: Open[] = [];
  const candidates = new Map<string, Open[]>();
  const perTopicCount = new Map<string, number>();

  for (let seq = 0; seq < options.events; seq++) {
    const schema = random.pick(topics);
    const fifo = schema.queue === 'fifo';
    const n = (perTopicCount.get(schema.topic) ?? 0) + 1;
    perTopicCount.set(schema.topic, n);
    const fault = chooseFault(random.next, rates);
    const orderByMs = EPOCH_MS + n * 1_000 + 500;
    let payload = buildPayload(schema, n, random, orderByMs);
    const message: PlannedMessage = {
      seq,
      topic: schema.topic,
      fifo,
      body: '',
      fault,
      expected: TerminalState.CURATED,
    };
    const open: Open = { message, payload, schema, n, orderByMs, used: false };

    const base =
      fault === Fault.NETWORK_DUPLICATE ||
      fault === Fault.CORRECTION ||
      fault === Fault.LATE_ARRIVAL
        ? takeBase(candidates.get(schema.topic), n)
        : undefined;
    if (
      base === undefined &&
      (fault === Fault.NETWORK_DUPLICATE ||
        fault === Fault.CORRECTION ||
        fault === Fault.LATE_ARRIVAL)
    ) {
      message.fault = Fault.NONE;
    }
    const derivedFrom = base as Open;
    switch (message.fault) {
      case Fault.NETWORK_DUPLICATE:
        payload = structuredClone(derivedFrom.payload);
        message.expected = TerminalState.DUPLICATE;
        break;
      case Fault.CORRECTION: {
        payload = structuredClone(derivedFrom.payload);
        const orderBy = schema.dedup.orderBy;
        if (orderBy)
          setPath(payload, orderBy, stamp(schema, orderBy, derivedFrom.orderByMs + 60_000));
        correctNonKeyValue(schema, payload, random.next);
        if (schema.dedup.keep === 'last') {
          derivedFrom.message.expected = TerminalState.DUPLICATE;
        } else {
          message.expected = TerminalState.DUPLICATE;
        }
        break;
      }
      case Fault.LATE_ARRIVAL: {
        payload = structuredClone(derivedFrom.payload);
        const orderBy = schema.dedup.orderBy;
        if (orderBy)
          setPath(payload, orderBy, stamp(schema, orderBy, derivedFrom.orderByMs - 3_600_000));
        message.expected = TerminalState.DUPLICATE;
        break;
      }
      case Fault.DRIFT_NEW_FIELD:
        payload[`undeclared_${seq % 3}`] = `drift-${seq}`;
        break;
      case Fault.DRIFT_WRONG_TYPE: {
        const target = Object.entries(schema.fields).find(
          ([field, spec]) =>
            !spec.cde && spec.type !== 'string' && !schema.dedup.key.includes(field),
        );
        if (target) setPath(payload, target[0], `not-a-${target[1].type}`);
        else message.fault = Fault.NONE;
        break;
      }
      case Fault.NULL_CDE:
      case Fault.MISSING_CDE: {
        const cdes = Object.entries(schema.fields).filter(
          ([field, spec]) => spec.cde && field !== schema.dedup.orderBy,
        );
        const [field] = random.pick(cdes);
        if (message.fault === Fault.NULL_CDE) setPath(payload, field, null);
        else deletePath(payload, field);
        message.expected = TerminalState.CDE_REJECTED;
        break;
      }
      case Fault.MALFORMED_JSON:
      case Fault.NOT_AN_OBJECT:
      case Fault.OVERSIZED:
      case Fault.UNKNOWN_TOPIC:
        message.expected = TerminalState.DROPPED;
        break;
      case Fault.DEAD_LETTER:
        payload.diagnostic_tag = DEAD_LETTER_MARKER;
        message.expected = TerminalState.DEAD_LETTERED;
        break;
      default:
        break;
    }

    open.payload = payload;
    message.body = bodyFor(message.fault, payload, seq, oversizedBytes);
    if (message.fault === Fault.UNKNOWN_TOPIC) {
      message.topic = 'UNKNOWN';
      message.fifo = false;
    }
    if (typeof payload === 'object' && message.expected !== TerminalState.DROPPED)
      message.key = keyOf(schema, payload);
    if (base) message.baseSeq = base.message.seq;
    if (message.fifo) {
      const group = (payload as Record<string, unknown>).device_id;
      message.groupId = typeof group === 'string' && group !== '' ? group : `group-${n % 8}`;
      message.dedupId = `seq-${options.seed}-${seq}`;
    }
    pending.push(open);
    if (message.fault === Fault.NONE) {
      const list = candidates.get(schema.topic) ?? [];
      list.push(open);
      candidates.set(schema.topic, list);
    }
    while (
      pending.length > 0 &&
      (pending.length > WINDOW || seq - (pending[0]?.message.seq ?? seq) >= WINDOW)
    ) {
      const head = pending.shift() as Open;
      dropCandidate(candidates, head);
      yield head.message;
    }
  }
  for (const open of pending) yield open.message;
}

function takeBase(list: Open[] | undefined, n: number): Open | undefined {
  if (!list) return undefined;
  const index = list.findIndex((open) => !open.used && n - open.n >= MIN_BASE_DISTANCE);
  if (index < 0) return undefined;
  const [base] = list.splice(index, 1);
  if (base) base.used = true;
  return base;
}

function dropCandidate(candidates: Map<string, Open[]>, open: Open): void {
  const list = candidates.get(open.schema.topic);
  const index = list?.indexOf(open) ?? -1;
  if (list && index >= 0) list.splice(index, 1);
}

function stamp(schema: TopicSchema, field: string, ms: number): unknown {
  return schema.fields[field]?.type === 'timestamp' ? new Date(ms).toISOString() : ms;
}

function correctNonKeyValue(
  schema: TopicSchema,
  payload: Record<string, unknown>,
  random: () => number,
): void {
  const field = Object.entries(schema.fields).find(
    ([name, spec]) =>
      !schema.dedup.key.includes(name) &&
      name !== schema.dedup.orderBy &&
      (spec.type === 'double' || spec.type === 'float'),
  );
  if (field) setPath(payload, field[0], Number((random() * 100).toFixed(3)));
}

function bodyFor(
  fault: Fault,
  payload: Record<string, unknown>,
  seq: number,
  oversizedBytes: number,
): string {
  switch (fault) {
    case Fault.MALFORMED_JSON:
      return JSON.stringify(payload).slice(0, -7);
    case Fault.NOT_AN_OBJECT:
      return [JSON.stringify([payload]), '"a bare string"', String(seq), 'null'][seq % 4] as string;
    case Fault.OVERSIZED:
      return JSON.stringify({ ...payload, blob: 'x'.repeat(oversizedBytes) });
    default:
      return JSON.stringify(payload);
  }
}
