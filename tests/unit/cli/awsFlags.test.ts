import { applyAwsFlags } from '../../../scripts/cli/awsFlags';

describe('applyAwsFlags: the AWS CLI global flags set what the SDK reads', () => {
  it('leaves the environment alone without flags', () => {
    const env = { AWS_REGION: 'us-east-1', AWS_ENDPOINT_URL_SQS: 'http://127.0.0.1:9324' };
    applyAwsFlags({}, env);
    expect(env).toEqual({ AWS_REGION: 'us-east-1', AWS_ENDPOINT_URL_SQS: 'http://127.0.0.1:9324' });
  });

  it('--region sets both region variables', () => {
    const env: Record<string, string | undefined> = { AWS_REGION: 'us-east-1' };
    applyAwsFlags({ region: 'eu-west-1' }, env);
    expect(env).toMatchObject({ AWS_REGION: 'eu-west-1', AWS_DEFAULT_REGION: 'eu-west-1' });
  });

  it('--profile wins over static keys in the environment', () => {
    const env: Record<string, string | undefined> = {
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
    };
    applyAwsFlags({ profile: 'prod-operator' }, env);
    expect(env).toEqual({ AWS_PROFILE: 'prod-operator' });
  });

  it('--endpoint-url overrides every service-specific endpoint, as the AWS CLI does', () => {
    const env: Record<string, string | undefined> = {
      AWS_ENDPOINT_URL: 'http://127.0.0.1:5000',
      AWS_ENDPOINT_URL_SQS: 'http://127.0.0.1:9324',
    };
    applyAwsFlags({ endpointUrl: 'http://127.0.0.1:4566' }, env);
    expect(env).toEqual({ AWS_ENDPOINT_URL: 'http://127.0.0.1:4566' });
  });

  it.each([
    [{ region: 'Europe' }, '--region "Europe" is not an AWS region'],
    [{ endpointUrl: 'localhost:4566' }, 'is not http(s)'],
    [{ endpointUrl: 'not a url' }, '--endpoint-url "not a url" is not a URL'],
    [{ profile: ' ' }, '--profile must name a profile'],
  ])('%j is a usage error', (flags, message) => {
    expect(() => applyAwsFlags(flags, {})).toThrow(message);
  });
});
