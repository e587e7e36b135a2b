import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { SendMessageBatchCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { resourceNames } from '../../../lambdas/common/naming';
import { SqsSentMetrics } from '../../../scripts/local/emulation/sqsSentMetrics';
import { LOCAL_ACCOUNT } from '../../../scripts/local/localDeployment';
import { provisionQueues } from '../../../scripts/local/provision';
import { formatAuditText } from '../../../scripts/ops/audit/formatAuditText';
import { attachBacklog, auditVerdict } from '../../../scripts/ops/audit/mergeAudit';
import { readBacklog } from '../../../scripts/ops/audit/readBacklog';
import { readSentCounts } from '../../../scripts/ops/audit/readSentCounts';
import { endpointEnv, localClients, uniqueName } from '../../harness/localAws';
import { auditOf, cell, jobDocument } from '../../helpers/auditCells';

// What the audit's tables cannot show: messages still in a topic queue, and dead letters the
// archiver never took (in no table and no index, so in no cell). Against ElasticMQ.

const names = resourceNames(uniqueName('audit'), LOCAL_ACCOUNT);
const { sqs } = localClients();

describe('the audit and the queues', () => {
  it('reports a dead letter left in the DLQ unarchived, and messages still queued, as pending', async () => {
    // Prepare: two topics' queues and the DLQs; one message dead-lettered and never archived,
    // two still waiting in a topic queue
    const queues = await provisionQueues(sqs, names, [
      { topic: 'alarms', fifo: false },
      { topic: 'door-events', fifo: true },
    ]);
    await sqs.send(
      new SendMessageCommand({ QueueUrl: queues.dlqStandardUrl, MessageBody: '{"left":"behind"}' }),
    );
    const alarms = queues.topics.get('alarms');
    for (const body of ['{"a":1}', '{"a":2}'])
      await sqs.send(new SendMessageCommand({ QueueUrl: alarms?.url, MessageBody: body }));
    const cells = auditOf([
      {
        runId: 'jr',
        state: 'SUCCEEDED',
        topics: ['alarms'],
        document: jobDocument([cell('alarms', '08', { CURATED: 5 })]),
      },
    ]);

    // Act
    const backlog = await readBacklog(
      sqs,
      {
        alarms: names.queueName('alarms', false),
        'door-events': names.queueName('door-events', true),
        'not-deployed': names.queueName('not-deployed', false),
      },
      [names.dlqStandard, names.dlqFifo],
    );
    const report = attachBacklog(cells, backlog);

    // Assess
    expect(backlog.topics.alarms?.messages).toBe(2);
    expect(backlog.topics['door-events']?.messages).toBe(0);
    expect(backlog.topics['not-deployed']?.messages).toBeNull();
    expect(backlog.deadLetterQueues).toEqual([
      { queue: names.dlqStandard, messages: 1 },
      { queue: names.dlqFifo, messages: 0 },
    ]);
    expect(auditVerdict(report)).toBe('PENDING');
    const text = formatAuditText(report);
    expect(text).toContain(`PENDING dead letters: 1 in ${names.dlqStandard} not archived yet`);
    expect(text).toContain('PENDING queued: 2 messages still in 1 topic queues (alarms 2)');
    expect(text).toContain(`MISSING queues: ${names.queueName('not-deployed', false)}`);
  });

  it("plays SQS's NumberOfMessagesSent: every message a send added, counted per queue and hour", async () => {
    // Prepare: a client of its own with the local metric emulation attached
    const env = endpointEnv();
    const options = {
      region: 'us-east-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    };
    const sender = new SQSClient({ ...options, endpoint: env.AWS_ENDPOINT_URL_SQS });
    const cloudWatch = new CloudWatchClient({ ...options, endpoint: env.AWS_ENDPOINT_URL });
    const metrics = new SqsSentMetrics();
    metrics.attach(sender);
    const counted = resourceNames(uniqueName('sent'), LOCAL_ACCOUNT);
    const queues = await provisionQueues(sqs, counted, [{ topic: 'fuel-level', fifo: false }]);
    const url = queues.topics.get('fuel-level')?.url;
    const from = new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000);

    // Act: one send and a batch of three
    await sender.send(new SendMessageCommand({ QueueUrl: url, MessageBody: '{"n":0}' }));
    await sender.send(
      new SendMessageBatchCommand({
        QueueUrl: url,
        Entries: [1, 2, 3].map((n) => ({ Id: `m${n}`, MessageBody: `{"n":${n}}` })),
      }),
    );
    await metrics.publish(cloudWatch);
    const counts = await readSentCounts(
      cloudWatch,
      { 'fuel-level': counted.queueName('fuel-level', false) },
      from.toISOString(),
      new Date(from.getTime() + 2 * 3_600_000).toISOString(),
    );

    // Assess
    const total = Object.values(counts['fuel-level'] ?? {}).reduce((a, b) => a + b, 0);
    expect(total).toBe(4);
  });
});
