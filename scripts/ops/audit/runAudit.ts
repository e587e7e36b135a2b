import { mapWithConcurrency } from '../../../lambdas/common/mapWithConcurrency';
import type { GlueJobRunner } from '../glue/GlueJobRunner';
import { type FinishedAuditRun, mergeAudit } from './mergeAudit';
import { planAuditRuns } from './planAuditRuns';
import type { AuditJobDocument, AuditReport } from './types';

export interface AuditOptions {
  deployment: string;
  /** The deployment's audit Glue job (`<name>-audit`). */
  jobName: string;
  topics: readonly string[];
  /** ISO-8601 UTC, inclusive. */
  from: string;
  /** ISO-8601 UTC, exclusive. */
  to: string;
  topicsPerRun: number;
  /** Runs in flight at once (the Glue job's max concurrent runs). */
  concurrency: number;
  examples: number;
}

export interface AuditPorts {
  glue: GlueJobRunner;
  /** Where run `index` writes its document (`s3://…` on AWS, a file locally). */
  resultUri: (index: number) => string;
  /** The text at a result URI; throws when there is none. */
  readResult: (uri: string) => Promise<string>;
  onProgress?: (runsDone: number, runs: number, topicsDone: number) => void;
  now?: () => Date;
}

function parseDocument(text: string): AuditJobDocument {
  const document = JSON.parse(text) as AuditJobDocument;
  if (document?.version !== 1 || !Array.isArray(document.cells) || !Array.isArray(document.topics))
    throw new Error('not an audit document of version 1');
  return document;
}

/**
 * `lean-ops audit`'s work: the topics in Glue runs of the audit job (where the data is: the CLI
 * reads only the runs' documents), then one report. A run that fails or writes no readable
 * document leaves its topics unaudited, named in the report, never silently missing.
 */
export async function runAudit(options: AuditOptions, ports: AuditPorts): Promise<AuditReport> {
  const runs = planAuditRuns(options.topics, options.topicsPerRun);
  let runsDone = 0;
  let topicsDone = 0;
  ports.onProgress?.(0, runs.length, 0);
  const finished = await mapWithConcurrency(
    runs.map((topics, index) => ({ topics, index })),
    options.concurrency,
    async ({ topics, index }): Promise<FinishedAuditRun> => {
      const uri = ports.resultUri(index);
      const outcome = await runOne(options, ports, topics, uri);
      runsDone += 1;
      topicsDone += topics.length;
      ports.onProgress?.(runsDone, runs.length, topicsDone);
      return outcome;
    },
  );
  return mergeAudit({
    deployment: options.deployment,
    from: options.from,
    to: options.to,
    generatedAt: (ports.now?.() ?? new Date()).toISOString(),
    runs: finished,
  });
}

async function runOne(
  options: AuditOptions,
  ports: AuditPorts,
  topics: readonly string[],
  uri: string,
): Promise<FinishedAuditRun> {
  let run: Awaited<ReturnType<GlueJobRunner['run']>>;
  try {
    run = await ports.glue.run(options.jobName, {
      '--topics': topics.join(','),
      '--from': options.from,
      '--to': options.to,
      '--examples': String(options.examples),
      '--result-uri': uri,
    });
  } catch (error) {
    const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    return { runId: '(not started)', state: 'NOT_STARTED', topics, error: reason };
  }
  // Exit 1 (FAILED) still writes the document when only some topics failed: read it either way.
  try {
    const document = parseDocument(await ports.readResult(uri));
    return { runId: run.Id, state: run.JobRunState, topics, document };
  } catch (error) {
    const unread = error instanceof Error ? error.message : String(error);
    const reason = run.ErrorMessage ?? `no readable result at ${uri} (${unread})`;
    return { runId: run.Id, state: run.JobRunState, topics, error: reason };
  }
}
