/**
 * One SDK client per service per container: created on first use, reused across invocations.
 * Each service has its own module (./s3.ts, ./firehose.ts, ...) so a Lambda bundle carries only
 * the clients it imports — the cold start pays for nothing else.
 */
const cache = new Map<string, unknown>();

export function cachedClient<T>(key: string, create: () => T): T {
  let client = cache.get(key) as T | undefined;
  if (client === undefined) {
    client = create();
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
