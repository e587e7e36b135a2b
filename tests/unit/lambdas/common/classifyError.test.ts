import { classifyError, PoisonRecordError } from '../../../../lambdas/common/classifyError';

function awsError(name: string, status?: number): Error {
  const error = new Error(`${name} happened`);
  error.name = name;
  if (status !== undefined) Object.assign(error, { $metadata: { httpStatusCode: status } });
  return error;
}

function networkError(code: string): Error {
  return Object.assign(new Error(`connect ${code}`), { code });
}

describe('classifyError', () => {
  it.each([
    [
      'our malformed-JSON data error',
      new PoisonRecordError('MALFORMED_JSON', 'bad'),
      'DROP',
      false,
    ],
    [
      'our not-an-object data error',
      new PoisonRecordError('NOT_AN_OBJECT', 'array'),
      'DROP',
      false,
    ],
    ['our oversized data error', new PoisonRecordError('OVERSIZED', 'big'), 'DROP', false],
    ['our unknown-topic data error', new PoisonRecordError('UNKNOWN_TOPIC', 'who'), 'DROP', false],
    ['Firehose throttling', awsError('ThrottlingException', 400), 'RETRY', true],
    ['Firehose service unavailable', awsError('ServiceUnavailableException', 503), 'RETRY', true],
    [
      'DynamoDB throughput exceeded',
      awsError('ProvisionedThroughputExceededException', 400),
      'RETRY',
      true,
    ],
    ['Lambda too many requests', awsError('TooManyRequestsException', 429), 'RETRY', true],
    ['S3 slow down', awsError('SlowDown', 503), 'RETRY', true],
    ['an unnamed HTTP 429', awsError('Error', 429), 'RETRY', true],
    ['an internal failure with HTTP 500', awsError('InternalFailure', 500), 'RETRY', true],
    ['an unknown error with HTTP 502', awsError('BadGateway', 502), 'RETRY', true],
    ['access denied', awsError('AccessDeniedException', 403), 'RETRY', false],
    ['a missing stream', awsError('ResourceNotFoundException', 400), 'RETRY', false],
    ['a KMS key disabled', awsError('KMSDisabledException', 400), 'RETRY', false],
    ['expired credentials', awsError('ExpiredTokenException', 403), 'RETRY', false],
    [
      'an invalid argument (our bug, not the data)',
      awsError('InvalidArgumentException', 400),
      'RETRY',
      false,
    ],
    ['an unknown 4xx', awsError('SomethingNew', 400), 'RETRY', false],
    ['connection reset', networkError('ECONNRESET'), 'RETRY', true],
    ['connection refused', networkError('ECONNREFUSED'), 'RETRY', true],
    ['DNS failure', networkError('ENOTFOUND'), 'RETRY', true],
    ['socket timeout', networkError('ETIMEDOUT'), 'RETRY', true],
    ['SDK request timeout', awsError('TimeoutError'), 'RETRY', true],
    ['an aborted request', awsError('AbortError'), 'RETRY', true],
    [
      'a JSON SyntaxError outside our data checks (a bug)',
      new SyntaxError('Unexpected token'),
      'RETRY',
      true,
    ],
    ['a plain Error', new Error('boom'), 'RETRY', true],
    ['a thrown string', 'boom', 'RETRY', false],
    ['a thrown null', null, 'RETRY', false],
  ])('classifies %s as %s', (_label, error, expectedClass, transient) => {
    // Act
    const result = classifyError(error);

    // Assess
    expect(result.errorClass).toBe(expectedClass);
    expect(result.transient).toBe(transient);
    expect(result.reason).not.toBe('');
  });
});
