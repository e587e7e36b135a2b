import { type AssignmentPlan, assignStreams, type StreamAssignment, share } from './assignStreams';
import type { DirectPutQuota } from './directPutQuota';
import {
  addLoads,
  NO_LOAD,
  type ProcessorTiming,
  type StreamLoad,
  type TopicLoad,
  type TopicTraffic,
  topicLoad,
} from './topicLoad';

export interface CapacityRequest {
  traffic: TopicTraffic[];
  region: string;
  quota: DirectPutQuota;
  /** Share of each stream's quota kept free (0 ≤ h < 1): bursts, retries, replays. */
  headroom: number;
  /** Firehose streams the account may have in the region. */
  streamsQuota: number;
  /** Lambda concurrent executions the deployment may use (Terraform's lambda_concurrency_budget). */
  concurrencyBudget: number;
  /** Concurrency the other functions reserve (Terraform: local.other_functions_concurrency). */
  otherFunctionsConcurrency: number;
  current: StreamAssignment;
  rebalance: boolean;
  timing: ProcessorTiming;
}

export interface StreamUsage {
  stream: number;
  topics: number;
  load: StreamLoad;
  /** Largest share of the stream's quota (not the budget) in any dimension. */
  quotaShare: number;
}

export interface CapacityPlan {
  region: string;
  quota: DirectPutQuota;
  headroom: number;
  budget: StreamLoad;
  topics: number;
  total: StreamLoad;
  /** Streams the fleet needs at the least (its total over one stream's budget). */
  streamsAtLeast: number;
  assignment: AssignmentPlan;
  streams: StreamUsage[];
  concurrency: { needed: number; reserved: number; budget: number };
  /** Topics whose tier's MaximumConcurrency is below what their rate keeps busy. */
  underProvisioned: { topic: string; needed: number; maxConcurrency: number }[];
  /** Why the environment does not fit; empty when it does. */
  refusals: string[];
}

/**
 * Streams, per-stream headroom and Lambda concurrency for a registry under a traffic assumption,
 * and every reason the environment would not fit: a topic larger than one stream, a stream over
 * budget (unless rebalanced), more streams than the account's quota, a tier too small for its
 * topic's rate, more MaximumConcurrency than the concurrency budget.
 *
 * @example
 * const plan = planCapacity(request);
 * if (plan.refusals.length > 0) process.exitCode = 1;
 */
export function planCapacity(request: CapacityRequest): CapacityPlan {
  if (!(request.headroom >= 0 && request.headroom < 1))
    throw new RangeError(`headroom must be at least 0 and below 1, got ${request.headroom}`);
  const budget = scaleQuota(request.quota, 1 - request.headroom);
  const loads: TopicLoad[] = request.traffic.map((traffic) => topicLoad(traffic, request.timing));
  const total = loads.reduce<StreamLoad>((sum, load) => addLoads(sum, load), NO_LOAD);
  const assignment = assignStreams({
    loads,
    current: request.current,
    budget,
    rebalance: request.rebalance,
  });
  const counts = new Array<number>(assignment.streams).fill(0);
  for (const stream of Object.values(assignment.topics)) counts[stream] = (counts[stream] ?? 0) + 1;
  const streams = assignment.loads.map((load, stream) => ({
    stream,
    topics: counts[stream] ?? 0,
    load,
    quotaShare: share(load, request.quota),
  }));
  const underProvisioned = loads
    .filter((load) => load.concurrencyNeeded > load.maxConcurrency)
    .map(({ topic, concurrencyNeeded, maxConcurrency }) => ({
      topic,
      needed: concurrencyNeeded,
      maxConcurrency,
    }));
  const concurrency = {
    needed: loads.reduce((sum, load) => sum + load.concurrencyNeeded, 0),
    reserved:
      loads.reduce((sum, load) => sum + load.maxConcurrency, 0) + request.otherFunctionsConcurrency,
    budget: request.concurrencyBudget,
  };
  const refusals: string[] = [];
  for (const topic of assignment.tooLarge)
    refusals.push(
      `topic ${topic} alone needs more than one stream's budget in ${request.region}: ask AWS to raise the stream quota, or lower --headroom`,
    );
  for (const stream of assignment.overBudget)
    refusals.push(
      `stream ${stream} is over its budget (${percent(share(assignment.loads[stream] ?? NO_LOAD, budget))} of it): plan a rebalance with --rebalance`,
    );
  if (assignment.streams > request.streamsQuota)
    refusals.push(
      `${assignment.streams} streams exceed the account's ${request.streamsQuota} Firehose streams in ${request.region}: raise the quota (Service Quotas) and --streams-quota`,
    );
  for (const topic of underProvisioned)
    refusals.push(
      `topic ${topic.topic} keeps ${topic.needed} processor instances busy, its tier allows ${topic.maxConcurrency}: give it a larger tier`,
    );
  if (concurrency.reserved > concurrency.budget)
    refusals.push(
      `the mappings' MaximumConcurrency sum to ${concurrency.reserved} (other functions included), over the concurrency budget ${concurrency.budget}: raise the account's quota and the budget, or lower the tiers`,
    );
  return {
    region: request.region,
    quota: request.quota,
    headroom: request.headroom,
    budget,
    topics: loads.length,
    total,
    streamsAtLeast: Math.max(1, Math.ceil(share(total, budget) - 1e-9)),
    assignment,
    streams,
    concurrency,
    underProvisioned,
    refusals,
  };
}

function scaleQuota(quota: DirectPutQuota, factor: number): StreamLoad {
  return {
    bytesPerSecond: quota.bytesPerSecond * factor,
    recordsPerSecond: quota.recordsPerSecond * factor,
    requestsPerSecond: quota.requestsPerSecond * factor,
  };
}

export function percent(fraction: number): string {
  return `${Math.round(fraction * 100)} %`;
}
