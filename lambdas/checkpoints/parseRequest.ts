import { TOPIC_NAME_PATTERN } from '../common/naming';
import { MAX_MAINTENANCE_INTERVAL_SECONDS, MAX_TOPICS_PER_SCAN } from './constants';
import { InvalidRequestError } from './errors';
import { isExecutionName } from './executionState';
import type { CheckpointsRequest, ScanStage, ScanTally, StageOutcome } from './types';

type Json = Record<string, unknown>;

/**
 * Validates what a state machine sent. A malformed request is a bug in a definition, so it fails
 * loudly (the state's Catch reports it) instead of being read as "no work".
 *
 * @example
 * parseRequest({ action: 'scan', topics: ['engine-temperature'] }); // → { action: 'scan', topics: [...], stage: 'standardize' }
 */
export function parseRequest(event: unknown): CheckpointsRequest {
  if (typeof event !== 'object' || event === null || Array.isArray(event)) {
    throw new InvalidRequestError('the request must be a JSON object');
  }
  const request = event as Json;
  switch (request.action) {
    case 'lease':
      return { action: 'lease', ttlSeconds: positiveInteger(request, 'ttlSeconds', 86_400) };
    case 'plan':
      return {
        action: 'plan',
        shardSize: positiveInteger(request, 'shardSize', MAX_TOPICS_PER_SCAN),
        execution: executionName(request.execution),
      };
    case 'scan':
      return parseScan(request);
    case 'pack':
      return {
        action: 'pack',
        execution: executionName(request.execution),
        shardCount: naturalNumber(request, 'shardCount'),
        topicsPerRun: positiveInteger(request, 'topicsPerRun', 1_000),
      };
    case 'load-run':
      return {
        action: 'load-run',
        execution: executionName(request.execution),
        run: naturalNumber(request, 'run'),
      };
    case 'summarize': {
      const plan = request.plan as Json | undefined;
      if (typeof plan?.topicCount !== 'number' || typeof plan.shardCount !== 'number') {
        throw new InvalidRequestError('summarize needs plan.topicCount and plan.shardCount');
      }
      return {
        action: 'summarize',
        execution: executionName(request.execution),
        plan: { topicCount: plan.topicCount, shardCount: plan.shardCount },
        tally: tallyOf(request.tally),
        runs: arrayOf(request, 'runs') as never,
      };
    }
    case 'settle':
      return parseSettle(request);
    case 'capture':
      return { action: 'capture', topic: topicName(request.topic) };
    case 'commit-rebuild': {
      const captured = request.captured as Json | undefined;
      if (typeof captured !== 'object' || captured === null) {
        throw new InvalidRequestError('commit-rebuild needs the captured snapshot');
      }
      const snapshotId = captured.snapshotId;
      const sequenceNumber = captured.sequenceNumber;
      if (
        !(snapshotId === null || (typeof snapshotId === 'string' && /^-?\d+$/.test(snapshotId)))
      ) {
        throw new InvalidRequestError('captured.snapshotId must be a decimal string or null');
      }
      if (!(sequenceNumber === null || Number.isSafeInteger(sequenceNumber))) {
        throw new InvalidRequestError('captured.sequenceNumber must be an integer or null');
      }
      if (typeof request.runId !== 'string' || request.runId === '') {
        throw new InvalidRequestError('commit-rebuild needs runId');
      }
      const topic = topicName(request.topic);
      return {
        action: 'commit-rebuild',
        topic,
        captured: { topic, snapshotId, sequenceNumber: sequenceNumber as number | null },
        runId: request.runId,
      };
    }
    case 'freshness':
      return { action: 'freshness' };
    default:
      throw new InvalidRequestError(`unknown action ${JSON.stringify(request.action)}`);
  }
}

function parseScan(request: Json): CheckpointsRequest {
  const stage = (request.stage ?? 'standardize') as ScanStage;
  if (stage !== 'standardize' && stage !== 'curate' && stage !== 'maintain') {
    throw new InvalidRequestError(`unknown scan stage ${JSON.stringify(request.stage)}`);
  }
  const interval =
    stage === 'maintain'
      ? {
          intervalSeconds: positiveInteger(
            request,
            'intervalSeconds',
            MAX_MAINTENANCE_INTERVAL_SECONDS,
          ),
        }
      : {};
  if (request.all === true) return { action: 'scan', all: true, stage, ...interval };
  if (request.execution !== undefined || request.shard !== undefined) {
    return {
      action: 'scan',
      stage,
      execution: executionName(request.execution),
      shard: naturalNumber(request, 'shard'),
      ...interval,
    };
  }
  const topics = arrayOf(request, 'topics').map(topicName);
  if (topics.length > MAX_TOPICS_PER_SCAN) {
    throw new InvalidRequestError(
      `a scan carries at most ${MAX_TOPICS_PER_SCAN} topics, got ${topics.length}`,
    );
  }
  return { action: 'scan', topics: [...new Set(topics)], stage, ...interval };
}

const STAGE_OUTCOMES: readonly StageOutcome[] = ['SUCCEEDED', 'FAILED', 'SKIPPED', 'NOT_REACHED'];

function parseSettle(request: Json): CheckpointsRequest {
  const since = request.since;
  if (typeof since !== 'string' || Number.isNaN(Date.parse(since))) {
    throw new InvalidRequestError(`settle needs since (ISO-8601), got ${JSON.stringify(since)}`);
  }
  const outcome = (field: string): StageOutcome => {
    const value = request[field] as StageOutcome;
    if (!STAGE_OUTCOMES.includes(value)) {
      throw new InvalidRequestError(
        `${field} must be one of ${STAGE_OUTCOMES.join(', ')}, got ${JSON.stringify(value)}`,
      );
    }
    return value;
  };
  const errorOf = (field: string) => {
    const value = request[field];
    return typeof value === 'string' && value !== '' ? { [field]: value } : {};
  };
  const stored =
    request.execution === undefined
      ? {}
      : { execution: executionName(request.execution), run: naturalNumber(request, 'run') };
  return {
    action: 'settle',
    ...stored,
    topics: arrayOf(request, 'topics').map(topicName),
    since,
    standardize: outcome('standardize'),
    curate: outcome('curate'),
    curateTopics: arrayOf(request, 'curateTopics').map(topicName),
    ...errorOf('standardizeError'),
    ...errorOf('curateError'),
  };
}

function tallyOf(value: unknown): ScanTally {
  const tally = value as Partial<ScanTally> | undefined;
  if (
    typeof tally?.idle !== 'number' ||
    typeof tally.seen !== 'number' ||
    typeof tally.active !== 'number' ||
    !Array.isArray(tally.paused) ||
    !Array.isArray(tally.unavailable) ||
    !Array.isArray(tally.backingOff) ||
    !Array.isArray(tally.quarantined) ||
    typeof tally.pausedCount !== 'number' ||
    typeof tally.unavailableCount !== 'number' ||
    typeof tally.backingOffCount !== 'number' ||
    typeof tally.quarantinedCount !== 'number'
  ) {
    throw new InvalidRequestError(
      'summarize needs the tally from pack (seen, idle, active, the four name lists and their counts)',
    );
  }
  return tally as ScanTally;
}

function executionName(value: unknown): string {
  if (!isExecutionName(value)) {
    throw new InvalidRequestError(
      `execution must be the execution's name ($$.Execution.Name), got ${JSON.stringify(value)}`,
    );
  }
  return value;
}

function naturalNumber(request: Json, field: string): number {
  const value = request[field];
  if (!Number.isSafeInteger(value) || (value as number) < 0) {
    throw new InvalidRequestError(`${field} must be an integer >= 0, got ${JSON.stringify(value)}`);
  }
  return value as number;
}

function topicName(value: unknown): string {
  if (typeof value !== 'string' || !TOPIC_NAME_PATTERN.test(value)) {
    throw new InvalidRequestError(`${JSON.stringify(value)} is not a topic name`);
  }
  return value;
}

function arrayOf(request: Json, field: string): unknown[] {
  const value = request[field];
  if (!Array.isArray(value)) throw new InvalidRequestError(`${field} must be an array`);
  return value;
}

function positiveInteger(request: Json, field: string, max: number): number {
  const value = request[field];
  if (!Number.isInteger(value) || (value as number) < 1 || (value as number) > max) {
    throw new InvalidRequestError(
      `${field} must be an integer in [1, ${max}], got ${JSON.stringify(value)}`,
    );
  }
  return value as number;
}
