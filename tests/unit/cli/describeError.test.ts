import { GetQueueUrlCommand, SQSClient } from '@aws-sdk/client-sqs';
import {
  cachedClient,
  clientOptions,
  configureClients,
} from '../../../lambdas/common/clients/clientCache';
import { describeError } from '../../../scripts/cli/describeError';
import { UsageError } from '../../../scripts/cli/output';

const ENV = { AWS_REGION: 'eu-west-1' };

/** A client whose every request fails at the transport with `failure`, as a real one would. */
function failingClient(key: string, failure: Error): SQSClient {
  return cachedClient(
    key,
    () =>
      new SQSClient({
        region: 'eu-west-1',
        credentials: { accessKeyId: 'x', secretAccessKey: 'y' },
        maxAttempts: 1,
        requestHandler: {
          handle: async () => {
            throw failure;
          },
        },
      }),
  );
}

async function errorOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a failure');
}

describe('describeError: AWS errors name the call, the resource, region and endpoint', () => {
  afterEach(() => configureClients({}));

  it('says which call failed on which queue, and what to check', async () => {
    configureClients({ annotateErrors: true });
    const missing = Object.assign(new Error('The specified queue does not exist.'), {
      name: 'QueueDoesNotExist',
    });
    const client = failingClient('describe-missing', missing);

    const error = await errorOf(
      client.send(new GetQueueUrlCommand({ QueueName: 'lean-ops-prod-topic-gps' })),
    );

    expect(describeError(error, ENV)).toBe(
      'SQS GetQueueUrl failed for QueueName=lean-ops-prod-topic-gps (region eu-west-1, endpoint AWS): The specified queue does not exist. Hint: check --env/--name (the deployment), the account and the region: the resource is not there.',
    );
  });

  it('names the endpoint that did not answer', async () => {
    configureClients({ annotateErrors: true });
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), {
      code: 'ECONNREFUSED',
    });
    const client = failingClient('describe-refused', refused);

    const error = await errorOf(client.send(new GetQueueUrlCommand({ QueueName: 'q' })));
    const text = describeError(error, { ...ENV, AWS_ENDPOINT_URL: 'http://127.0.0.1:9' });

    expect(text).toContain('SQS GetQueueUrl failed for QueueName=q');
    expect(text).toContain('endpoint http://127.0.0.1:9');
    expect(text).toContain('Hint: the endpoint http://127.0.0.1:9 did not answer');
  });

  it('leaves errors without AWS context as they are', () => {
    expect(describeError(new UsageError('--topic is required'), ENV)).toBe('--topic is required');
  });

  it('does not annotate unless asked (Lambdas keep the SDK as it is)', async () => {
    configureClients({});
    const client = failingClient('describe-plain', new Error('boom'));
    const error = await errorOf(client.send(new GetQueueUrlCommand({ QueueName: 'q' })));
    expect(describeError(error, ENV)).toBe('boom');
    expect(clientOptions()).toEqual({});
  });

  it('passes the CLI timeouts to every client it builds', () => {
    configureClients({ connectTimeoutMs: 2_000, readTimeoutMs: 5_000 });
    expect(clientOptions()).toEqual({
      requestHandler: { connectionTimeout: 2_000, socketTimeout: 5_000 },
    });
  });

  it('with --debug logs each call once, with its resource and outcome, retries included', async () => {
    const lines: string[] = [];
    configureClients({ debug: (line) => lines.push(line) });
    const missing = Object.assign(new Error('gone'), { name: 'QueueDoesNotExist' });
    const client = failingClient('describe-debug', missing);

    await errorOf(client.send(new GetQueueUrlCommand({ QueueName: 'lean-ops-prod-topic-gps' })));

    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^SQS GetQueueUrl QueueName=lean-ops-prod-topic-gps → QueueDoesNotExist in \d+ ms$/,
    );
  });
});
