/**
 * One SDK client per service per container: created on first use, reused across invocations.
 * Each service has its own module (./s3.ts, ./firehose.ts, ...) so a Lambda bundle carries only
 * the clients it imports — the cold start pays for nothing else.
 */
const cache = new Map<string, unknown>();

/**
 * How clients are built in this process. Lambdas keep the SDK's defaults; the CLI sets timeouts
 * like the AWS CLI's (`--cli-connect-timeout`, `--cli-read-timeout`) and asks for errors that
 * say which call failed on which resource (`errorContextOf`).
 */
export interface ClientSettings {
  connectTimeoutMs?: number;
  /** Longest silence on an open connection (the AWS CLI's read timeout). */
  readTimeoutMs?: number;
  annotateErrors?: boolean;
  /** `lean-ops --debug`: one line per AWS call (service, operation, resource, outcome, time). */
  debug?: (line: string) => void;
}

let settings: ClientSettings = {};

/** Applies to clients created from now on (the cache is emptied). */
export function configureClients(next: ClientSettings): void {
  settings = { ...next };
  cache.clear();
}

/** Constructor options every factory passes: the request handler's timeouts, when configured. */
export function clientOptions(): {
  requestHandler?: { connectionTimeout?: number; socketTimeout?: number };
} {
  const { connectTimeoutMs, readTimeoutMs } = settings;
  if (connectTimeoutMs === undefined && readTimeoutMs === undefined) return {};
  return {
    requestHandler: {
      ...(connectTimeoutMs !== undefined ? { connectionTimeout: connectTimeoutMs } : {}),
      ...(readTimeoutMs !== undefined ? { socketTimeout: readTimeoutMs } : {}),
    },
  };
}

/** What an annotated client adds to an error: the call and the resource it named. */
export interface ErrorContext {
  service?: string;
  operation?: string;
  /** Input fields that name a resource (QueueUrl, TableName, Bucket, FunctionName, ...). */
  resource?: Record<string, string>;
}

const CONTEXT = Symbol.for('lean-ops.errorContext');
const RESOURCE_FIELDS = [
  'QueueUrl',
  'QueueName',
  'TableName',
  'Bucket',
  'Key',
  'FunctionName',
  'UUID',
  'DeliveryStreamName',
  'StateMachineArn',
  'JobName',
  'DatabaseName',
  'Name',
] as const;

/** The context an annotated client attached to `error`, if any. */
export function errorContextOf(error: unknown): ErrorContext | undefined {
  return typeof error === 'object' && error !== null
    ? ((error as { [CONTEXT]?: ErrorContext })[CONTEXT] ?? undefined)
    : undefined;
}

interface MiddlewareStackLike {
  add(
    middleware: (
      next: (args: { input?: unknown }) => Promise<unknown>,
      context: { clientName?: string; commandName?: string },
    ) => (args: { input?: unknown }) => Promise<unknown>,
    options: { step: 'initialize'; name: string },
  ): void;
}

/** The fields of a call's input that name a resource, as `Field=value` pairs. */
function resourceOf(input: unknown): Record<string, string> {
  const fields = (input ?? {}) as Record<string, unknown>;
  const resource: Record<string, string> = {};
  for (const field of RESOURCE_FIELDS)
    if (typeof fields[field] === 'string') resource[field] = fields[field] as string;
  return resource;
}

/**
 * Outermost middleware (around retries): the final error learns its call and resource, and with
 * `debug` every call is logged once with its outcome and duration.
 */
function instrument(client: unknown, debug: ClientSettings['debug']): void {
  const stack = (client as { middlewareStack?: MiddlewareStackLike }).middlewareStack;
  stack?.add(
    (next, context) => async (args) => {
      const service = context.clientName?.replace(/Client$/, '');
      const operation = context.commandName?.replace(/Command$/, '');
      const started = Date.now();
      const describe = () =>
        [
          service,
          operation,
          ...Object.entries(resourceOf(args.input)).map(([field, value]) => `${field}=${value}`),
        ]
          .filter(Boolean)
          .join(' ');
      try {
        const result = await next(args);
        debug?.(`${describe()} → ok in ${Date.now() - started} ms`);
        return result;
      } catch (error) {
        const name = error instanceof Error ? error.name : String(error);
        debug?.(`${describe()} → ${name} in ${Date.now() - started} ms`);
        if (typeof error === 'object' && error !== null && errorContextOf(error) === undefined) {
          Object.defineProperty(error, CONTEXT, {
            value: { service, operation, resource: resourceOf(args.input) } satisfies ErrorContext,
            enumerable: false,
          });
        }
        throw error;
      }
    },
    { step: 'initialize', name: 'leanOpsErrorContext' },
  );
}

/**
 * The client of `key`, created on first use. `annotate: false` for wrappers that share their
 * inner client's middleware stack (the DynamoDB document client).
 */
export function cachedClient<T>(key: string, create: () => T, options = { annotate: true }): T {
  let client = cache.get(key) as T | undefined;
  if (client === undefined) {
    client = create();
    if ((settings.annotateErrors || settings.debug) && options.annotate)
      instrument(client, settings.debug);
    cache.set(key, client);
  }
  return client;
}

/** Tests replace a client (e.g. one wired to aws-sdk-client-mock), or reset it with undefined. */
export function setClientForTests(key: string, client: unknown): void {
  if (client === undefined) cache.delete(key);
  else cache.set(key, client);
}

/** Local endpoints have no per-bucket DNS names: S3 needs path-style addressing there. */
export function usesLocalEndpoint(): boolean {
  return Boolean(process.env.AWS_ENDPOINT_URL || process.env.AWS_ENDPOINT_URL_S3);
}
