import {
  type LambdaClient,
  ListEventSourceMappingsCommand,
  type ListEventSourceMappingsCommandOutput,
  UpdateEventSourceMappingCommand,
  type UpdateEventSourceMappingCommandOutput,
} from '@aws-sdk/client-lambda';
import { fullJitterDelayMs } from '../common/backoff';
import { topicFromQueueArn } from '../common/naming';
import type { RatePacer } from '../common/RatePacer';
import type { MappingTarget } from './types';

/** One event source mapping of the processor, as the breaker sees it. */
export interface TopicMapping {
  uuid: string;
  eventSourceArn: string;
  /** Lambda's mapping state: Enabled, Enabling, Disabled, Disabling, Creating, Updating, ... */
  state: string;
}

/**
 * What `ensure` did for a topic. `pending`: the mapping is between states (Lambda refuses updates
 * then, ResourceInUseException); the next tick, which repairs every mapping, finishes the job.
 */
export type EnsureOutcome = 'updated' | 'unchanged' | 'missing' | 'pending';

export interface TopicMappingsOptions {
  /**
   * Spaces this container's control-plane calls (List and Update share Lambda's account-wide
   * 15 requests/s; docs/decisions.md, "Breakers at fleet scale").
   */
  pacer?: RatePacer;
  /** How long a listing is trusted; changes made elsewhere (the CLI, Terraform) show after it. */
  cacheTtlMs?: number;
  /** Attempts per call when Lambda throttles (TooManyRequestsException) before giving up. */
  maxAttempts?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

const SATISFIES: Record<MappingTarget, ReadonlySet<string>> = {
  enabled: new Set(['Enabled', 'Enabling']),
  disabled: new Set(['Disabled', 'Disabling']),
};
const THROTTLED = new Set(['TooManyRequestsException', 'ThrottlingException']);
const CONTROL_PLANE_BACKOFF = { baseDelayMs: 200, maxDelayMs: 5_000 };
/** The most mappings one ListEventSourceMappings page returns. */
const LIST_PAGE_SIZE = 100;

/**
 * The processors' event source mappings, by topic: one listing per processor function (one per
 * Firehose stream; 700 mappings are 7 pages however they are spread), kept
 * for `cacheTtlMs` and shared by every invocation the container serves, so a notification costs
 * one UpdateEventSourceMapping and no listing; the topic is found by cutting the configured
 * prefix off the queue name of its EventSourceArn, exactly as the processor derives topics. Only
 * the mapping of the topic asked for is ever updated. Every call is paced and retried with
 * backoff when throttled.
 *
 * @example
 * const mappings = new TopicMappings(lambdaClient(), 'lean-ops-dev-sqs-processor', 'lean-ops-dev-topic-');
 * await mappings.ensure('gps-position', 'disabled');
 */
export class TopicMappings {
  private byTopic: Promise<Map<string, TopicMapping[]>> | undefined;
  private loadedAt = 0;
  /** Control-plane calls made (List pages and Updates), for logs and the fleet drill. */
  calls = 0;
  throttled = 0;

  /** The processor functions whose mappings are listed: one per Firehose stream. */
  readonly functionNames: readonly string[];

  constructor(
    private readonly client: Pick<LambdaClient, 'send'>,
    functionNames: string | readonly string[],
    private readonly queueNamePrefix: string,
    private readonly options: TopicMappingsOptions = {},
  ) {
    this.functionNames = typeof functionNames === 'string' ? [functionNames] : [...functionNames];
    if (this.functionNames.length === 0) throw new RangeError('no processor function to list');
  }

  /** topic → its mappings (normally one), listed on first use and again once the cache expired. */
  all(): Promise<Map<string, TopicMapping[]>> {
    const now = this.options.now?.() ?? Date.now();
    const ttl = this.options.cacheTtlMs ?? Number.POSITIVE_INFINITY;
    if (this.byTopic === undefined || now - this.loadedAt >= ttl) {
      this.loadedAt = now;
      this.byTopic = this.load().catch((error: unknown) => {
        this.byTopic = undefined;
        throw error;
      });
    }
    return this.byTopic;
  }

  async forTopic(topic: string): Promise<TopicMapping[]> {
    return (await this.all()).get(topic) ?? [];
  }

  /**
   * Sets the topic's mapping(s) Enabled or Disabled unless the listing says they already are.
   * `force` (a breaker transition) updates whatever the listing says: it may be a minute old, and
   * an operator may have changed the mapping since; the update is idempotent.
   */
  async ensure(topic: string, target: MappingTarget, force = false): Promise<EnsureOutcome> {
    const mappings = await this.forTopic(topic);
    if (mappings.length === 0) return 'missing';
    let outcome: EnsureOutcome = 'unchanged';
    for (const mapping of mappings) {
      if (!force && SATISFIES[target].has(mapping.state)) continue;
      let response: UpdateEventSourceMappingCommandOutput;
      try {
        response = await this.call(
          () =>
            this.client.send(
              new UpdateEventSourceMappingCommand({
                UUID: mapping.uuid,
                Enabled: target === 'enabled',
              }),
            ) as Promise<UpdateEventSourceMappingCommandOutput>,
        );
      } catch (error) {
        if ((error as Error).name !== 'ResourceInUseException') throw error;
        mapping.state = 'Updating';
        outcome = 'pending';
        continue;
      }
      const before = mapping.state;
      mapping.state = response.State ?? (target === 'enabled' ? 'Enabling' : 'Disabling');
      if (outcome !== 'pending' && !(force && SATISFIES[target].has(before))) outcome = 'updated';
    }
    return outcome;
  }

  /** One control-plane call: paced, and retried with full-jitter backoff while throttled. */
  private async call<T>(send: () => Promise<T>): Promise<T> {
    const maxAttempts = this.options.maxAttempts ?? 6;
    for (let attempt = 1; ; attempt++) {
      await this.options.pacer?.take(1);
      this.calls += 1;
      try {
        return await send();
      } catch (error) {
        if (!THROTTLED.has((error as Error).name) || attempt >= maxAttempts) throw error;
        this.throttled += 1;
        const sleep = this.options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
        await sleep(fullJitterDelayMs(attempt, CONTROL_PLANE_BACKOFF, this.options.random));
      }
    }
  }

  private async load(): Promise<Map<string, TopicMapping[]>> {
    const byTopic = new Map<string, TopicMapping[]>();
    for (const functionName of this.functionNames) await this.listFunction(functionName, byTopic);
    return byTopic;
  }

  private async listFunction(
    functionName: string,
    byTopic: Map<string, TopicMapping[]>,
  ): Promise<void> {
    let marker: string | undefined;
    do {
      const page = await this.call(
        () =>
          this.client.send(
            new ListEventSourceMappingsCommand({
              FunctionName: functionName,
              Marker: marker,
              MaxItems: LIST_PAGE_SIZE,
            }),
          ) as Promise<ListEventSourceMappingsCommandOutput>,
      );
      for (const mapping of page.EventSourceMappings ?? []) {
        if (mapping.UUID === undefined || mapping.EventSourceArn === undefined) continue;
        const route = topicFromQueueArn(mapping.EventSourceArn, this.queueNamePrefix);
        if (route.kind !== 'topic') continue;
        const list = byTopic.get(route.topic) ?? [];
        list.push({
          uuid: mapping.UUID,
          eventSourceArn: mapping.EventSourceArn,
          state: mapping.State ?? 'Unknown',
        });
        byTopic.set(route.topic, list);
      }
      marker = page.NextMarker;
    } while (marker !== undefined);
  }
}
