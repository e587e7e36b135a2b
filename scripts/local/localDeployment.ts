/**
 * The local endpoint's account and region (moto and ElasticMQ answer for these), and the
 * deployment name of `make run`. Every resource name comes from lambdas/common/naming.
 */
export const LOCAL_ACCOUNT = '000000000000';
export const LOCAL_REGION = 'us-east-1';
export const LOCAL_DEPLOYMENT_NAME = 'lean-ops-local';

/** The ARN of a queue on the local endpoint. */
export function queueArn(queueName: string): string {
  return `arn:aws:sqs:${LOCAL_REGION}:${LOCAL_ACCOUNT}:${queueName}`;
}
