import type { DropCode } from './envelope';

/** DROP: the data itself is poison, retrying cannot help. RETRY: anything else. */
export type ErrorClass = 'DROP' | 'RETRY';

export interface Classification {
  errorClass: ErrorClass;
  /** Short machine-readable reason, logged and counted. */
  reason: string;
  /**
   * Whether retrying within the same invocation can help (throttling, network, timeouts, 5xx).
   * Access denied or a missing resource will not heal in seconds: hand the record back to SQS.
   */
  transient: boolean;
}

/** Thrown by our own code when a record's data is poison; the only errors ever classified DROP. */
export class PoisonRecordError extends Error {
  readonly code: DropCode;

  constructor(code: DropCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PoisonRecordError';
    this.code = code;
  }
}

// AWS services answer these when the *request* is malformed for reasons that are ours (a
// record too large, a bad parameter). They are still RETRY: the records we send are built by
// our code, so such an answer means a bug or a limit change, and retrying until the DLQ keeps
// the message replayable. Only our own PoisonRecordError decides that data is poison.
const NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'ECONNABORTED',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
]);

const THROTTLING_NAMES = new Set([
  'ThrottlingException',
  'Throttling',
  'ThrottledException',
  'TooManyRequestsException',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'SlowDown',
  'ServiceUnavailableException',
  'LimitExceededException',
]);

const TIMEOUT_NAMES = new Set([
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException',
  'AbortError',
]);

const ENVIRONMENT_NAMES = new Set([
  'AccessDeniedException',
  'AccessDenied',
  'UnauthorizedOperation',
  'ExpiredTokenException',
  'InvalidSignatureException',
  'UnrecognizedClientException',
  'ResourceNotFoundException',
  'KMSAccessDeniedException',
  'KMSDisabledException',
  'KMSNotFoundException',
  'KMSInvalidStateException',
  'KMSThrottlingException',
  'InvalidKMSResourceException',
  'InvalidArgumentException',
  'ServiceException',
  'InternalFailure',
  'InternalError',
  'InternalServerError',
]);

interface ErrorLike {
  name?: unknown;
  code?: unknown;
  $metadata?: { httpStatusCode?: unknown };
  $retryable?: unknown;
}

/**
 * Decides DROP vs RETRY for an error raised while handling one record or one batch. DROP only
 * when the data itself is poison (our PoisonRecordError); when unsure, RETRY, so nothing is lost
 * for a reason that a later attempt or an operator's replay could fix.
 *
 * @example
 * classifyError(new PoisonRecordError('MALFORMED_JSON', 'Unexpected token')); // → DROP
 * classifyError(Object.assign(new Error('x'), { name: 'ThrottlingException' })); // → RETRY
 */
export function classifyError(error: unknown): Classification {
  if (error instanceof PoisonRecordError) {
    return { errorClass: 'DROP', reason: error.code, transient: false };
  }
  if (typeof error !== 'object' || error === null) {
    return { errorClass: 'RETRY', reason: 'non-error thrown', transient: false };
  }
  const { name, code, $metadata } = error as ErrorLike;
  const errorName = typeof name === 'string' ? name : '';
  const errorCode = typeof code === 'string' ? code : '';
  const status =
    typeof $metadata?.httpStatusCode === 'number' ? $metadata.httpStatusCode : undefined;

  if (NETWORK_CODES.has(errorCode) || NETWORK_CODES.has(errorName)) {
    return { errorClass: 'RETRY', reason: `network: ${errorCode || errorName}`, transient: true };
  }
  if (THROTTLING_NAMES.has(errorName) || status === 429) {
    return { errorClass: 'RETRY', reason: `throttled: ${errorName || status}`, transient: true };
  }
  if (TIMEOUT_NAMES.has(errorName)) {
    return { errorClass: 'RETRY', reason: `timeout: ${errorName}`, transient: true };
  }
  if (ENVIRONMENT_NAMES.has(errorName)) {
    return {
      errorClass: 'RETRY',
      reason: `environment: ${errorName}`,
      transient: status !== undefined && status >= 500,
    };
  }
  if (status !== undefined && status >= 500) {
    return { errorClass: 'RETRY', reason: `server error: HTTP ${status}`, transient: true };
  }
  if (status !== undefined && status >= 400) {
    return {
      errorClass: 'RETRY',
      reason: `client error: ${errorName || `HTTP ${status}`}`,
      transient: false,
    };
  }
  return {
    errorClass: 'RETRY',
    reason: `unclassified: ${errorName || errorCode || 'Error'}`,
    transient: true,
  };
}
