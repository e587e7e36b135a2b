import { runAudit } from '../../../../scripts/ops/audit/runAudit';
import type { GlueJobRun, GlueJobRunner } from '../../../../scripts/ops/glue/GlueJobRunner';
import { cell, FROM, jobDocument, TO } from '../../../helpers/auditCells';

/** A deployment's audit job in memory: each run writes a document per its topics to its result URI. */
class FakeAuditJob implements GlueJobRunner {
  readonly results = new Map<string, string>();
  readonly calls: Record<string, string>[] = [];

  constructor(private readonly behaviour: (topics: string[]) => 'ok' | 'no-document' | 'refused') {}

  async run(jobName: string, args: Record<string, string>): Promise<GlueJobRun> {
    this.calls.push(args);
    const topics = (args['--topics'] ?? '').split(',');
    const behaviour = this.behaviour(topics);
    if (behaviour === 'refused')
      throw Object.assign(new Error('Max concurrent runs exceeded'), {
        name: 'ConcurrentRunsExceededException',
      });
    if (behaviour === 'ok')
      this.results.set(
        args['--result-uri'] ?? '',
        JSON.stringify(jobDocument(topics.map((t) => cell(t, '08', { CURATED: 2 })))),
      );
    const state = behaviour === 'ok' ? 'SUCCEEDED' : 'FAILED';
    return {
      Id: `jr_${this.calls.length}`,
      JobName: jobName,
      JobRunState: state,
      Arguments: args,
      ...(state === 'FAILED' ? { ErrorMessage: 'OOM' } : {}),
    };
  }
}

function options(topics: string[]) {
  return {
    deployment: 'lean-ops-dev',
    jobName: 'lean-ops-dev-audit',
    topics,
    from: FROM,
    to: TO,
    topicsPerRun: 2,
    concurrency: 2,
    examples: 5,
  };
}

describe('runAudit', () => {
  it('audits the topics in runs of the audit job and merges their documents', async () => {
    // Prepare
    const job = new FakeAuditJob(() => 'ok');
    const progress: number[][] = [];

    // Act
    const report = await runAudit(options(['a', 'b', 'c']), {
      glue: job,
      resultUri: (i) => `s3://artifacts/audit/x/run-${i}.json`,
      readResult: async (uri) => {
        const text = job.results.get(uri);
        if (text === undefined) throw new Error('NoSuchKey');
        return text;
      },
      onProgress: (done, runs, topics) => progress.push([done, runs, topics]),
    });

    // Assess
    expect(job.calls.map((c) => [c['--topics'], c['--from'], c['--to'], c['--examples']])).toEqual([
      ['a,b', FROM, TO, '5'],
      ['c', FROM, TO, '5'],
    ]);
    expect(report.topics.map((t) => t.topic)).toEqual(['a', 'b', 'c']);
    expect(report.ok).toBe(true);
    expect(progress[0]).toEqual([0, 2, 0]);
    expect(progress.at(-1)).toEqual([2, 2, 3]);
  });

  it('leaves the topics of a refused run or a run without a document unaudited, with the reason', async () => {
    // Prepare
    const job = new FakeAuditJob((topics) =>
      topics.includes('a') ? 'refused' : topics.includes('c') ? 'no-document' : 'ok',
    );

    // Act
    const report = await runAudit(options(['a', 'b', 'c', 'd', 'e']), {
      glue: job,
      resultUri: (i) => `s3://artifacts/audit/x/run-${i}.json`,
      readResult: async (uri) => job.results.get(uri) ?? Promise.reject(new Error('NoSuchKey')),
    });

    // Assess
    expect(report.unaudited.map((u) => [u.topic, u.reason])).toEqual([
      [
        'a',
        'audit run (not started) NOT_STARTED: ConcurrentRunsExceededException: Max concurrent runs exceeded',
      ],
      [
        'b',
        'audit run (not started) NOT_STARTED: ConcurrentRunsExceededException: Max concurrent runs exceeded',
      ],
      ['c', 'audit run jr_2 FAILED: OOM'],
      ['d', 'audit run jr_2 FAILED: OOM'],
    ]);
    expect(report.topics.map((t) => t.topic)).toEqual(['e']);
    expect(report.ok).toBe(false);
  });
});
