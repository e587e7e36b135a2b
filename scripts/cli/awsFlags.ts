import { UsageError } from './output';

/** The AWS CLI's global flags, as `lean-ops` takes them. */
export interface AwsFlags {
  region?: string;
  profile?: string;
  endpointUrl?: string;
}

const REGION_PATTERN = /^[a-z]{2}(-[a-z]+)+-\d+$/;

/**
 * Applies `--region`, `--profile` and `--endpoint-url` the way the AWS CLI does, by setting what
 * the SDK reads: AWS_REGION, AWS_PROFILE, AWS_ENDPOINT_URL. `--endpoint-url` wins over every
 * service-specific AWS_ENDPOINT_URL_<SERVICE> (the AWS CLI's flag overrides all of them), so they
 * are removed. Flags left out keep the environment as it is.
 *
 * @example
 * applyAwsFlags({ region: 'eu-west-1' }, process.env);
 */
export function applyAwsFlags(flags: AwsFlags, env: Record<string, string | undefined>): void {
  if (flags.region !== undefined) {
    if (!REGION_PATTERN.test(flags.region))
      throw new UsageError(`--region ${JSON.stringify(flags.region)} is not an AWS region`);
    env.AWS_REGION = flags.region;
    env.AWS_DEFAULT_REGION = flags.region;
  }
  if (flags.profile !== undefined) {
    if (flags.profile.trim() === '') throw new UsageError('--profile must name a profile');
    env.AWS_PROFILE = flags.profile;
    // a profile's own keys, not static keys from the environment (which the SDK would prefer)
    delete env.AWS_ACCESS_KEY_ID;
    delete env.AWS_SECRET_ACCESS_KEY;
    delete env.AWS_SESSION_TOKEN;
  }
  if (flags.endpointUrl !== undefined) {
    let url: URL;
    try {
      url = new URL(flags.endpointUrl);
    } catch {
      throw new UsageError(`--endpoint-url ${JSON.stringify(flags.endpointUrl)} is not a URL`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
      throw new UsageError(`--endpoint-url ${JSON.stringify(flags.endpointUrl)} is not http(s)`);
    for (const key of Object.keys(env)) if (key.startsWith('AWS_ENDPOINT_URL_')) delete env[key];
    env.AWS_ENDPOINT_URL = flags.endpointUrl;
  }
}
