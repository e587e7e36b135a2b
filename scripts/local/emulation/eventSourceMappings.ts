import {
  CreateEventSourceMappingCommand,
  CreateFunctionCommand,
  GetEventSourceMappingCommand,
  type LambdaClient,
  ListEventSourceMappingsCommand,
  ResourceConflictException,
  UpdateEventSourceMappingCommand,
} from '@aws-sdk/client-lambda';
import { CreateQueueCommand, GetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { isFifoQueue } from '../../../lambdas/common/naming';
import { LOCAL_ACCOUNT } from '../localDeployment';

/** An empty zip: moto stores the function but never runs it (no Docker here). */
const EMPTY_ZIP = Buffer.from([0x50, 0x4b, 0x05, 0x06, ...new Array(18).fill(0)]);

export interface LocalMappingsOptions {
  /** moto's Lambda API. */
  lambda: LambdaClient;
  /** An SQS client on moto (not ElasticMQ): moto accepts a mapping only for a queue it knows. */
  motoSqs: SQSClient;
  /** moto's endpoint URL, for the IAM role the function needs. */
  motoEndpoint: string;
  functionName: string;
  /** Queue names (e.g. `<name>-topic-gps-position`), one mapping each. */
  queueNames: readonly string[];
}

async function createRole(endpoint: string, roleName: string): Promise<string> {
  // The repo carries no IAM client: moto answers the query API without a real signature.
  const response = await fetch(`${endpoint}/`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization:
        'AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/iam/aws4_request, SignedHeaders=host, Signature=local',
    },
    body: new URLSearchParams({
      Action: 'CreateRole',
      Version: '2010-05-08',
      RoleName: roleName,
      AssumeRolePolicyDocument: '{}',
    }),
  });
  const text = await response.text();
  const arn = /<Arn>([^<]+)<\/Arn>/.exec(text)?.[1];
  if (arn !== undefined) return arn;
  if (text.includes('EntityAlreadyExists')) return `arn:aws:iam::${LOCAL_ACCOUNT}:role/${roleName}`;
  throw new Error(
    `moto IAM CreateRole ${roleName} failed: HTTP ${response.status} ${text.slice(0, 200)}`,
  );
}

/**
 * The processor's event source mappings on the local endpoint, so the circuit breaker (Lambda and
 * CLI) finds and flips them exactly as in AWS: a stored function, a same-named queue in moto's
 * SQS (the messages themselves live in ElasticMQ), and one mapping per queue. Mappings are created
 * disabled (an enabled moto mapping would receive on every SendMessage to moto's queue) and then
 * enabled, since a CLOSED breaker means an enabled mapping; nothing is ever sent to moto's queues.
 * Returns queue name → mapping UUID. Idempotent.
 *
 * @example
 * const uuids = await provisionLocalMappings({ lambda, motoSqs, motoEndpoint, functionName, queueNames });
 */
export async function provisionLocalMappings(
  options: LocalMappingsOptions,
): Promise<Map<string, string>> {
  const { lambda, motoSqs, functionName } = options;
  const role = await createRole(options.motoEndpoint, `${functionName}-role`.slice(0, 64));
  try {
    await lambda.send(
      new CreateFunctionCommand({
        FunctionName: functionName,
        Runtime: 'nodejs22.x',
        Role: role,
        Handler: 'index.handler',
        Code: { ZipFile: EMPTY_ZIP },
      }),
    );
  } catch (error) {
    if (!(error instanceof ResourceConflictException)) throw error;
  }
  const existing = new Map<string, string>();
  const listed = await lambda.send(
    new ListEventSourceMappingsCommand({ FunctionName: functionName }),
  );
  for (const mapping of listed.EventSourceMappings ?? []) {
    const queueName = mapping.EventSourceArn?.split(':')[5];
    if (queueName && mapping.UUID) existing.set(queueName, mapping.UUID);
  }
  const uuids = new Map<string, string>();
  for (const queueName of options.queueNames) {
    let uuid = existing.get(queueName);
    if (uuid === undefined) {
      const url = (
        await motoSqs.send(
          new CreateQueueCommand({
            QueueName: queueName,
            ...(isFifoQueue(queueName) ? { Attributes: { FifoQueue: 'true' } } : {}),
          }),
        )
      ).QueueUrl;
      const arn = (
        await motoSqs.send(
          new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }),
        )
      ).Attributes?.QueueArn;
      const created = await lambda.send(
        new CreateEventSourceMappingCommand({
          FunctionName: functionName,
          EventSourceArn: arn,
          Enabled: false,
          BatchSize: 10,
        }),
      );
      uuid = created.UUID ?? '';
      await lambda.send(new UpdateEventSourceMappingCommand({ UUID: uuid, Enabled: true }));
    }
    uuids.set(queueName, uuid);
  }
  return uuids;
}

/**
 * An `isEnabled` hook for SqsEventSource that follows the mapping's state on the local endpoint,
 * so a breaker that disables a topic's mapping really stops the local poller of that topic.
 * The state is cached for `cacheMs` to keep a busy poll loop from hammering moto.
 *
 * @example
 * new SqsEventSource({ ..., isEnabled: mappingEnabledProbe(lambda, uuids.get(queueName)!) });
 */
export function mappingEnabledProbe(
  lambda: LambdaClient,
  uuid: string,
  cacheMs = 250,
): () => Promise<boolean> {
  let cached: { enabled: boolean; at: number } | undefined;
  return async () => {
    if (cached !== undefined && Date.now() - cached.at < cacheMs) return cached.enabled;
    const mapping = await lambda.send(new GetEventSourceMappingCommand({ UUID: uuid }));
    cached = {
      enabled: mapping.State === 'Enabled' || mapping.State === 'Enabling',
      at: Date.now(),
    };
    return cached.enabled;
  };
}

/**
 * The Enabled state of every mapping of one function, refreshed with ListEventSourceMappings at
 * most every `refreshMs` and shared by all pollers: with 750 topics, one probe per poll would
 * be hundreds of calls a second to moto. `probe(uuid)` is an `isEnabled` hook for SqsEventSource.
 */
export class MappingStates {
  private readonly enabled = new Map<string, boolean>();
  private refreshedAt = 0;
  private refreshing: Promise<void> | undefined;

  constructor(
    private readonly lambda: LambdaClient,
    private readonly functionName: string,
    private readonly refreshMs = 500,
  ) {}

  probe(uuid: string): () => Promise<boolean> {
    return async () => {
      if (Date.now() - this.refreshedAt >= this.refreshMs) {
        this.refreshing ??= this.refresh().finally(() => {
          this.refreshing = undefined;
        });
        await this.refreshing;
      }
      // A mapping missing from the list was deleted: nothing polls for it any more.
      return this.enabled.get(uuid) ?? false;
    };
  }

  private async refresh(): Promise<void> {
    const seen = new Map<string, boolean>();
    let marker: string | undefined;
    do {
      const page = await this.lambda.send(
        new ListEventSourceMappingsCommand({
          FunctionName: this.functionName,
          MaxItems: 100,
          ...(marker ? { Marker: marker } : {}),
        }),
      );
      for (const mapping of page.EventSourceMappings ?? []) {
        if (mapping.UUID)
          seen.set(mapping.UUID, mapping.State === 'Enabled' || mapping.State === 'Enabling');
      }
      marker = page.NextMarker;
    } while (marker);
    this.enabled.clear();
    for (const [uuid, state] of seen) this.enabled.set(uuid, state);
    this.refreshedAt = Date.now();
  }
}
