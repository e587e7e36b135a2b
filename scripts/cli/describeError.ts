import { errorContextOf } from '../../lambdas/common/clients/clientCache';

/** Error names (or Node error codes) of an endpoint that cannot be reached or does not answer. */
const UNREACHABLE = new Set([
  'TimeoutError',
  'RequestTimeout',
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ETIMEDOUT',
  'EAI_AGAIN',
]);
const NOT_FOUND = new Set([
  'ResourceNotFoundException',
  'QueueDoesNotExist',
  'AWS.SimpleQueueService.NonExistentQueue',
  'NoSuchBucket',
  'NoSuchKey',
  'EntityNotFoundException',
  'StateMachineDoesNotExist',
]);
const NOT_ALLOWED = new Set([
  'AccessDenied',
  'AccessDeniedException',
  'UnrecognizedClientException',
  'InvalidClientTokenId',
  'ExpiredToken',
  'ExpiredTokenException',
  'InvalidAccessKeyId',
  'SignatureDoesNotMatch',
]);

/**
 * One line for an error a command could not handle, AWS-CLI style: which call failed on which
 * resource, in which region and against which endpoint, the service's message, and what to check.
 * Errors that carry no AWS context (a usage error, a bad file) keep their own message.
 *
 * @example
 * describeError(error, process.env);
 * // 'SQS GetQueueUrl failed for QueueName=lean-ops-prod-topic-gps (region eu-west-1, endpoint AWS):
 * //  The specified queue does not exist. Hint: check --env/--name (the deployment), …'
 */
export function describeError(error: unknown, env: Record<string, string | undefined>): string {
  const message = error instanceof Error ? error.message : String(error);
  const name = error instanceof Error ? error.name : '';
  const code = (error as { code?: unknown } | null)?.code;
  const kind = typeof code === 'string' && UNREACHABLE.has(code) ? code : name;
  const context = errorContextOf(error);
  const unreachable = UNREACHABLE.has(kind);
  if (context === undefined && !unreachable) return message;

  const region = env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? 'the default region';
  const endpoint = env.AWS_ENDPOINT_URL ?? 'AWS';
  const call = [context?.service, context?.operation].filter(Boolean).join(' ') || 'an AWS call';
  const resources = Object.entries(context?.resource ?? {})
    .map(([field, value]) => `${field}=${value}`)
    .join(', ');
  const where = `(region ${region}, endpoint ${endpoint})`;
  const said = (message || kind).replace(/\.+$/, '');
  const head = `${call} failed${resources ? ` for ${resources}` : ''} ${where}: ${said}`;
  return `${head}${hintFor(kind, endpoint)}`;
}

function hintFor(kind: string, endpoint: string): string {
  if (UNREACHABLE.has(kind))
    return `. Hint: the endpoint ${endpoint} did not answer in time or refused the connection; check --endpoint-url (AWS_ENDPOINT_URL), the network and --cli-connect-timeout/--cli-read-timeout.`;
  if (NOT_FOUND.has(kind))
    return '. Hint: check --env/--name (the deployment), the account and the region: the resource is not there.';
  if (NOT_ALLOWED.has(kind))
    return '. Hint: check the credentials (--profile or AWS_PROFILE) and that they belong to the deployment’s account.';
  if (kind === 'CredentialsProviderError')
    return '. Hint: no AWS credentials were found; set AWS_PROFILE or the AWS_ACCESS_KEY_ID pair.';
  return '';
}
