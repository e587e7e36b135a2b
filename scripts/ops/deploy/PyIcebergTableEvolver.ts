import { spawn } from 'node:child_process';
import { tableNameForTopic } from '../../../lambdas/common/naming';
import { TableEvolutionError } from './errors';
import type { EvolvedTable, TableEvolver } from './ports';
import type { TableEvolution } from './types';

export interface PyIcebergTableEvolverOptions {
  /** Python with pyiceberg[glue] (the repository's .venv/bin/python). */
  python: string;
  /** scripts/ops/deploy/evolve_tables.py */
  script: string;
  standardizedDatabase: string;
  curatedDatabase: string;
  /** Environment of the helper (AWS_ENDPOINT_URL, region, credentials); default process.env. */
  env?: Record<string, string | undefined>;
}

/**
 * Evolves Iceberg tables through the Glue Data Catalog with pyiceberg (scripts/ops/deploy/
 * evolve_tables.py): Iceberg metadata is only safe to rewrite with an Iceberg library, and
 * pyiceberg needs no JVM. One short process per topic with a compatible change.
 *
 * @example
 * const evolver = new PyIcebergTableEvolver({ python: '.venv/bin/python',
 *   script: 'scripts/ops/deploy/evolve_tables.py', standardizedDatabase, curatedDatabase });
 * await evolver.evolve('engine-temperature', evolutions);
 */
export class PyIcebergTableEvolver implements TableEvolver {
  constructor(private readonly options: PyIcebergTableEvolverOptions) {}

  async evolve(topic: string, evolutions: TableEvolution[]): Promise<EvolvedTable[]> {
    if (evolutions.length === 0) return [];
    const table = tableNameForTopic(topic);
    const request = {
      topic,
      tables: evolutions.map((evolution) => ({
        ...evolution,
        table,
        database:
          evolution.layer === 'curated'
            ? this.options.curatedDatabase
            : this.options.standardizedDatabase,
      })),
    };
    const { code, stdout, stderr } = await run(
      this.options.python,
      [this.options.script],
      JSON.stringify(request),
      this.options.env ?? process.env,
    );
    let answer: { tables?: EvolvedTable[]; error?: string };
    try {
      answer = JSON.parse(stdout) as typeof answer;
    } catch (error) {
      throw new TableEvolutionError(
        `${topic}: evolve_tables.py exited ${code} without a result: ${stderr.trim().slice(-500)}`,
        { cause: error },
      );
    }
    if (code !== 0 || !answer.tables) {
      throw new TableEvolutionError(
        `${topic}: ${answer.error ?? `evolve_tables.py exited ${code}`}`,
      );
    }
    return answer.tables;
  }
}

function run(
  command: string,
  args: string[],
  input: string,
  env: Record<string, string | undefined>,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
    child.stdin.end(input);
  });
}
