import { addLoads, NO_LOAD, type StreamLoad, type TopicLoad } from './topicLoad';

/** Topic → stream index (0-based), and how many streams exist: what Terraform deploys. */
export interface StreamAssignment {
  streams: number;
  topics: Record<string, number>;
}

export interface AssignmentRequest {
  loads: TopicLoad[];
  /** The deployed assignment; its topics stay where they are unless `rebalance`. */
  current: StreamAssignment;
  /** What one stream may carry: its quota less the headroom. */
  budget: StreamLoad;
  /** Move topics off streams over budget (a planned rebalance), opening streams if needed. */
  rebalance: boolean;
}

export interface AssignmentPlan extends StreamAssignment {
  added: { topic: string; stream: number }[];
  moved: { topic: string; from: number; to: number }[];
  /** Topics of `current` no longer in the registry. */
  removed: string[];
  /** Per stream: its topics' summed load. */
  loads: StreamLoad[];
  /** Streams over budget that were not rebalanced. */
  overBudget: number[];
  /** Topics that alone exceed one stream's budget (each on a stream of its own). */
  tooLarge: string[];
}

/**
 * Places topics on Firehose streams so that no stream exceeds its budget, moving nothing that is
 * deployed: existing topics keep their stream, a new topic goes to the least used stream it fits
 * (a new stream when none has room), and only `rebalance` moves topics — off streams over budget,
 * fewest moves first. Deterministic: the same request gives the same plan.
 *
 * @example
 * assignStreams({ loads, current: { streams: 1, topics: {} }, budget, rebalance: false }).topics;
 */
export function assignStreams(request: AssignmentRequest): AssignmentPlan {
  const { budget } = request;
  const byTopic = new Map(request.loads.map((load) => [load.topic, load]));
  const streams = Math.max(1, request.current.streams);
  const loads: StreamLoad[] = Array.from({ length: streams }, () => NO_LOAD);
  const members: string[][] = Array.from({ length: streams }, () => []);
  const topics: Record<string, number> = {};
  const removed: string[] = [];
  const tooLarge = request.loads
    .filter((load) => !fits(NO_LOAD, load, budget))
    .map((load) => load.topic)
    .sort();

  const place = (topic: string, stream: number): void => {
    const load = byTopic.get(topic) ?? NO_LOAD;
    while (loads.length <= stream) {
      loads.push(NO_LOAD);
      members.push([]);
    }
    loads[stream] = addLoads(loads[stream] ?? NO_LOAD, load);
    members[stream]?.push(topic);
    topics[topic] = stream;
  };
  const unplace = (topic: string, stream: number): void => {
    const load = byTopic.get(topic) ?? NO_LOAD;
    loads[stream] = addLoads(loads[stream] ?? NO_LOAD, scale(load, -1));
    members[stream] = (members[stream] ?? []).filter((t) => t !== topic);
  };

  for (const [topic, stream] of Object.entries(request.current.topics).sort(byKey)) {
    if (!byTopic.has(topic)) removed.push(topic);
    else place(topic, stream);
  }

  const moved: AssignmentPlan['moved'] = [];
  if (request.rebalance) {
    for (let stream = 0; stream < loads.length; stream++) {
      while (!within(loads[stream] ?? NO_LOAD, budget) && (members[stream]?.length ?? 0) > 1) {
        const topic = topicToMove(members[stream] ?? [], stream, loads, byTopic, budget);
        unplace(topic, stream);
        const to = roomiest(loads, byTopic.get(topic) ?? NO_LOAD, budget, stream);
        place(topic, to);
        moved.push({ topic, from: stream, to });
      }
    }
  }

  const added: AssignmentPlan['added'] = [];
  const fresh = request.loads
    .filter((load) => topics[load.topic] === undefined)
    .sort((a, b) => b.bytesPerSecond - a.bytesPerSecond || a.topic.localeCompare(b.topic));
  for (const load of fresh) {
    const stream = roomiest(loads, load, budget);
    place(load.topic, stream);
    added.push({ topic: load.topic, stream });
  }

  const overBudget = loads
    .map((load, stream) => ({ load, stream }))
    .filter(({ load, stream }) => !within(load, budget) && (members[stream]?.length ?? 0) > 1)
    .map(({ stream }) => stream);
  return {
    streams: loads.length,
    topics: Object.fromEntries(Object.entries(topics).sort(byKey)),
    added,
    moved,
    removed: removed.sort(),
    loads,
    overBudget,
    tooLarge,
  };
}

/** The least used stream (by its largest share of the budget) where `load` fits; a new one when none. */
function roomiest(
  loads: StreamLoad[],
  load: StreamLoad,
  budget: StreamLoad,
  except?: number,
): number {
  let best: number | undefined;
  let bestShare = Number.POSITIVE_INFINITY;
  loads.forEach((current, stream) => {
    if (stream === except || !fits(current, load, budget)) return;
    const used = share(current, budget);
    if (used < bestShare) {
      best = stream;
      bestShare = used;
    }
  });
  return best ?? loads.length;
}

/** The one topic whose move brings the stream within budget (the smallest such), else its largest. */
function topicToMove(
  members: string[],
  stream: number,
  loads: StreamLoad[],
  byTopic: Map<string, StreamLoad>,
  budget: StreamLoad,
): string {
  const current = loads[stream] ?? NO_LOAD;
  const bySize = [...members].sort(
    (a, b) =>
      (byTopic.get(a)?.bytesPerSecond ?? 0) - (byTopic.get(b)?.bytesPerSecond ?? 0) ||
      a.localeCompare(b),
  );
  const enough = bySize.find((topic) =>
    within(addLoads(current, scale(byTopic.get(topic) ?? NO_LOAD, -1)), budget),
  );
  return enough ?? (bySize[bySize.length - 1] as string);
}

function fits(current: StreamLoad, load: StreamLoad, budget: StreamLoad): boolean {
  return within(addLoads(current, load), budget);
}

function within(load: StreamLoad, budget: StreamLoad): boolean {
  return share(load, budget) <= 1 + 1e-9;
}

/** The largest fraction of the budget used in any dimension. */
export function share(load: StreamLoad, budget: StreamLoad): number {
  return Math.max(
    load.bytesPerSecond / budget.bytesPerSecond,
    load.recordsPerSecond / budget.recordsPerSecond,
    load.requestsPerSecond / budget.requestsPerSecond,
  );
}

function scale(load: StreamLoad, factor: number): StreamLoad {
  return {
    bytesPerSecond: load.bytesPerSecond * factor,
    recordsPerSecond: load.recordsPerSecond * factor,
    requestsPerSecond: load.requestsPerSecond * factor,
  };
}

function byKey(a: [string, number], b: [string, number]): number {
  return a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0;
}
