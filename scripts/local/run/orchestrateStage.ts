import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { runLocalOrchestrator } from '../stepfunctions';
import { abbreviateLists } from './abbreviate';
import type { RunContext } from './runContext';

/**
 * One execution of the master orchestrator definition (ASL) on the local Step Functions
 * interpreter: checkpoints, then standardize and curate on local Spark; Glue output goes to
 * logs/glue.log.
 */
export async function orchestrate(
  context: RunContext,
  label: string,
  topicsPerGlueRun: number,
): Promise<void> {
  context.stage(label);
  const execution = await runLocalOrchestrator({
    env: context.env,
    names: context.names,
    warehouse: context.warehouse,
    topics: context.topics.map((topic) => topic.topic),
    schemasDir: context.registryDir,
    topicsPerGlueRun,
    onGlueLog: (line) => appendFileSync(join(context.logs, 'glue.log'), `${line}\n`),
  });
  context.stage(
    `orchestrator ${execution.status}: ${JSON.stringify(abbreviateLists(execution.status === 'SUCCEEDED' ? execution.output : execution.error))}`,
  );
}
