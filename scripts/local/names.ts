/**
 * Resource names of one deployment, as docs/naming.md defines them (Terraform computes the same
 * names in HCL). The local run and the integration tests use `resourceNames('lean-ops-local')`.
 */
export function resourceNames(name: string, account = '000000000000') {
  const db = name.replaceAll('-', '_');
  return {
    queueNamePrefix: `${name}-topic-`,
    dlqStandard: `${name}-dlq`,
    dlqFifo: `${name}-dlq.fifo`,
    firehoseStream: `${name}-raw`,
    rawDatabase: `${db}_raw`,
    standardizedDatabase: `${db}_standardized`,
    curatedDatabase: `${db}_curated`,
    checkpointTable: `${name}-checkpoints`,
    locksTable: `${name}-locks`,
    dlqIndexTable: `${name}-dlq-index`,
    breakerTable: `${name}-breaker`,
    schemaRegistryTable: `${name}-schema-registry`,
    lakeBucket: `${name}-lake-${account}`,
    archiveBucket: `${name}-archive-${account}`,
    artifactsBucket: `${name}-artifacts-${account}`,
    function: (lambda: string) => `${name}-${lambda}`,
    queueName: (topic: string, fifo: boolean) => `${name}-topic-${topic}${fifo ? '.fifo' : ''}`,
  };
}

export type ResourceNames = ReturnType<typeof resourceNames>;

export const LOCAL_ACCOUNT = '000000000000';
export const LOCAL_REGION = 'us-east-1';

export function queueArn(queueName: string): string {
  return `arn:aws:sqs:${LOCAL_REGION}:${LOCAL_ACCOUNT}:${queueName}`;
}
