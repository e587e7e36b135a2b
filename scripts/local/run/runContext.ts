import { existsSync, mkdirSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ResourceNames } from '../../../lambdas/common/naming';
import type { StreamAssignment } from '../../ops/capacity/assignStreams';
import type { TopicSchema } from '../../ops/registry';
import type { LocalClients } from '../clients';

/** What every stage of the local run is given: where it writes, what it talks to, how it reports. */
export interface RunContext {
  root: string;
  outDir: string;
  logs: string;
  warehouse: string;
  spoolDir: string;
  registryDir: string;
  topics: TopicSchema[];
  env: Record<string, string>;
  /** `<name>` of every resource (docs/naming.md). */
  deploymentName: string;
  names: ResourceNames;
  /** Topic → Firehose stream: a stream (names.firehoseStreamOf) and a processor per entry. */
  streams: StreamAssignment;
  clients: LocalClients;
  documentClient: DynamoDBDocumentClient;
  /** Records a named stage in stages.json and prints it with the elapsed time. */
  stage: (name: string) => void;
  log: (line: string) => void;
  /** Seconds since the run started, formatted for progress lines. */
  elapsed: () => string;
}

/**
 * The run's output folder: `<root>/.run/local/<stamp>` unless given, refused when not empty (a
 * previous run's spool or warehouse would leak into this run's tables and report), with `logs/`.
 * `.run/local/latest` moves only when the run has reported (linkLatest).
 */
export function prepareOutDir(root: string, outDir?: string): string {
  const stamp = new Date()
    .toISOString()
    .replaceAll(':', '')
    .replace(/\.\d+Z$/, 'Z');
  const folder = outDir ?? join(root, '.run', 'local', stamp);
  if (existsSync(folder) && readdirSync(folder).length > 0)
    throw new Error(`output folder ${folder} is not empty`);
  mkdirSync(join(folder, 'logs'), { recursive: true });
  return folder;
}

/** A stage recorder writing `stages.json` in `outDir` and printing each stage with its time. */
export function stageRecorder(outDir: string, log: (line: string) => void) {
  const started = Date.now();
  const stages: { at_s: number; stage: string }[] = [];
  const elapsed = () => ((Date.now() - started) / 1000).toFixed(1).padStart(6);
  const stage = (name: string) => {
    stages.push({ at_s: (Date.now() - started) / 1000, stage: name });
    writeFileSync(join(outDir, 'stages.json'), `${JSON.stringify(stages, null, 1)}\n`);
    log(`[${elapsed()} s] ${name}`);
  };
  return { stage, elapsed };
}

/**
 * Points `.run/local/latest` at a run that got as far as its report, so the link never lands on
 * an empty or half-written folder (a refused registry, a stalled run).
 */
export function linkLatest(root: string, outDir: string): void {
  const latest = join(root, '.run', 'local', 'latest');
  rmSync(latest, { force: true });
  try {
    symlinkSync(resolve(outDir), latest);
  } catch {
    // Only a convenience for humans.
  }
}
