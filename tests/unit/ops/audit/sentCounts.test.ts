import { CloudWatchClient, GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { mockClient } from 'aws-sdk-client-mock';
import { checkSentCounts } from '../../../../scripts/ops/audit/checkSentCounts';
import {
  attachBacklog,
  attachSentChecks,
  auditVerdict,
} from '../../../../scripts/ops/audit/mergeAudit';
import { readSentCounts } from '../../../../scripts/ops/audit/readSentCounts';
import { auditOf, cell, FROM, jobDocument, TO } from '../../../helpers/auditCells';

const H8 = '2026-11-20T08:00:00Z';
const H9 = '2026-11-20T09:00:00Z';

function report(backlog = { alarms: 0, dlq: 0 }) {
  const cells = auditOf([
    {
      runId: 'jr',
      state: 'SUCCEEDED',
      topics: ['alarms', 'door-events'],
      document: jobDocument([
        cell('alarms', '08', { CURATED: 10 }),
        cell('door-events', '08', { CURATED: 4 }),
      ]),
    },
  ]);
  return attachBacklog(cells, {
    topics: {
      alarms: { queue: 'q-alarms', messages: backlog.alarms },
      'door-events': { queue: 'q-door.fifo', messages: 0 },
    },
    deadLetterQueues: [{ queue: 'dlq', messages: backlog.dlq }],
  });
}

describe('checkSentCounts', () => {
  it('matches sends less replays against the messages found, per topic and hour', () => {
    // Act
    const checks = checkSentCounts(
      report(),
      { alarms: { [H8]: 12 } },
      [{ topic: 'alarms', hour: H8, count: 2 }],
      new Set(),
    );

    // Assess
    expect(checks.find((c) => c.topic === 'alarms')).toMatchObject({
      sent: 12,
      replays: 2,
      found: 10,
      verdict: 'MATCHED',
    });
  });

  it('is broken when SQS counted more first sends than anything holds, and the queues are empty', () => {
    // Act
    const checks = checkSentCounts(report(), { alarms: { [H8]: 13, [H9]: 1 } }, [], new Set());

    // Assess
    expect(
      checks.filter((c) => c.topic === 'alarms').map((c) => [c.hour, c.verdict, c.reason]),
    ).toEqual([
      [
        H8,
        'BROKEN',
        'UNACCOUNTED 3: SQS counted them sent; no table, error output, archive or queue holds them',
      ],
      [
        H9,
        'BROKEN',
        'UNACCOUNTED 1: SQS counted them sent; no table, error output, archive or queue holds them',
      ],
    ]);
    expect(attachSentChecks(report(), checks).ok).toBe(false);
  });

  it('waits while the queues still hold messages, and cannot judge a FIFO gap or a missing count', () => {
    // Act
    const queued = checkSentCounts(
      report({ alarms: 0, dlq: 1 }),
      { alarms: { [H8]: 11 } },
      [],
      new Set(),
    );
    const fifo = checkSentCounts(
      report(),
      { 'door-events': { [H8]: 5 } },
      [],
      new Set(['door-events']),
    );

    // Assess
    expect(queued.find((c) => c.topic === 'alarms')?.verdict).toBe('PENDING');
    expect(auditVerdict(attachSentChecks(report({ alarms: 0, dlq: 1 }), queued))).toBe('PENDING');
    expect(fifo.find((c) => c.topic === 'door-events')?.verdict).toBe('UNVERIFIED');
    expect(fifo.find((c) => c.topic === 'alarms')).toMatchObject({
      sent: 0,
      found: 10,
      verdict: 'UNVERIFIED',
    });
  });
});

describe('readSentCounts', () => {
  it("asks for each queue's NumberOfMessagesSent summed per hour and files the values by topic and hour", async () => {
    // Prepare
    const client = new CloudWatchClient({ region: 'us-east-1' });
    const cloudWatch = mockClient(client);
    cloudWatch.on(GetMetricDataCommand).resolves({
      MetricDataResults: [
        { Id: 'q1', Timestamps: [new Date(H9), new Date(H8)], Values: [4, 7] },
        { Id: 'q0', Timestamps: [], Values: [] },
      ],
    });

    // Act
    const counts = await readSentCounts(
      client,
      { alarms: 'q-alarms', 'fuel-level': 'q-fuel' },
      FROM,
      TO,
    );

    // Assess
    const input = cloudWatch.commandCalls(GetMetricDataCommand)[0]?.args[0].input;
    expect(input?.MetricDataQueries?.[1]).toEqual({
      Id: 'q1',
      MetricStat: {
        Metric: {
          Namespace: 'AWS/SQS',
          MetricName: 'NumberOfMessagesSent',
          Dimensions: [{ Name: 'QueueName', Value: 'q-fuel' }],
        },
        Period: 3600,
        Stat: 'Sum',
      },
    });
    expect(counts).toEqual({ alarms: {}, 'fuel-level': { [H8]: 7, [H9]: 4 } });
  });
});
