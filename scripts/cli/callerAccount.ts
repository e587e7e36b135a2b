import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { stsClient } from '../../lambdas/common/clients/sts';

/** The account the CLI's credentials belong to (STS GetCallerIdentity). */
export async function callerAccount(): Promise<string | undefined> {
  return (await stsClient().send(new GetCallerIdentityCommand({}))).Account;
}
