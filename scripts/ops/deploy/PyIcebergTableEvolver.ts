import { tableNameForTopic } from '../../../lambdas/common/naming';
import { runProcess } from '../runProcess';
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
    const { code, stdout, stderr } = await runProcess(this.options.python, [this.options.script], {
      env: this.options.env ?? process.env,
      input: JSON.stringify(request),
    });
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
