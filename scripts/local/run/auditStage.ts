import { readFileSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { addQueueEvidence } from '../../ops/audit/addQueueEvidence';
import { wholeHourSpan } from '../../ops/audit/auditHours';
import { runAudit } from '../../ops/audit/runAudit';
import type { AuditReport } from '../../ops/audit/types';
import { writeAuditFiles } from '../../ops/audit/writeAuditFiles';
import { type AuditDisagreement, compareAuditWithLedger } from '../report/compareAuditWithLedger';
import { localSparkGlueJobs } from '../stepfunctions';
import type { RunContext } from './runContext';

export interface LocalAudit {
  report: AuditReport;
  disagreements: AuditDisagreement[];
}

/**
 * `lean-ops audit`'s work against the local deployment (the audit Glue job on local Spark, the
 * only difference from a deployment: who runs the job), over every hour of the run, then compared
 * topic by topic with the ledger report's accountability.json. Writes audit/ (audit.txt, .json,
 * .html, the runs' documents) and audit/agreement.json.
 */
export async function auditLocalRun(context: RunContext, startedAt: Date): Promise<LocalAudit> {
  const folder = join(context.outDir, 'audit');
  const cells = await runAudit(
    {
      deployment: context.deploymentName,
      jobName: context.names.glueJob('audit'),
      topics: context.topics.map((topic) => topic.topic),
      ...wholeHourSpan(startedAt.toISOString(), new Date().toISOString()),
      topicsPerRun: 50,
      concurrency: 1,
      examples: 10,
    },
    {
      glue: localSparkGlueJobs({
        env: context.env,
        names: context.names,
        warehouse: context.warehouse,
        schemasDir: context.registryDir,
      }),
      resultUri: (index) => join(folder, `run-${index}.json`),
      readResult: (path) => readFile(path, 'utf8'),
    },
  );
  const report = await addQueueEvidence(cells, {
    sqs: context.clients.sqs,
    cloudWatch: context.clients.cloudWatch,
    topicQueues: Object.fromEntries(
      context.topics.map((topic) => [
        topic.topic,
        context.names.queueName(topic.topic, topic.queue === 'fifo'),
      ]),
    ),
    deadLetterQueues: [context.names.dlqStandard, context.names.dlqFifo],
    fifoTopics: new Set(
      context.topics.filter((topic) => topic.queue === 'fifo').map((topic) => topic.topic),
    ),
  });
  writeAuditFiles(folder, report);
  const ledger = JSON.parse(readFileSync(join(context.outDir, 'accountability.json'), 'utf8')) as {
    per_topic: Record<string, Record<string, number>>;
  };
  const disagreements = compareAuditWithLedger(ledger.per_topic, report);
  writeFileSync(
    join(folder, 'agreement.json'),
    `${JSON.stringify({ agree: disagreements.length === 0, disagreements }, null, 1)}\n`,
  );
  return { report, disagreements };
}
