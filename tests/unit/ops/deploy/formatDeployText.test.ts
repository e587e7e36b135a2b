import type { DeployReport } from '../../../../scripts/ops/deploy/deploySchemas';
import { formatDeployText } from '../../../../scripts/ops/deploy/formatDeployText';
import { lintRegistry } from '../../../../scripts/ops/registry';
import { field, registryOf, topicSchema } from '../../../helpers/deployFactories';

const report = (overrides: Partial<DeployReport>): DeployReport => ({
  version: 1,
  ok: true,
  dryRun: false,
  counts: {},
  topics: [],
  ...overrides,
});

describe('formatDeployText', () => {
  it('prints changed topics with versions, columns and rebuilds, and skips unchanged ones', () => {
    const text = formatDeployText(
      report({
        counts: { deployed: 1, rebuilding: 1, unchanged: 1 },
        topics: [
          {
            topic: 'a',
            change: 'none',
            action: 'none',
            toVersion: 1,
            outcome: 'unchanged',
            done: [],
          },
          {
            topic: 'engine',
            change: 'compatible',
            action: 'evolve',
            fromVersion: 1,
            toVersion: 2,
            status: 'ACTIVE',
            outcome: 'deployed',
            done: [],
            columns: ['curated.engine__rpm widened'],
          },
          {
            topic: 'sensor-b',
            change: 'breaking',
            action: 'rebuild',
            fromVersion: 1,
            toVersion: 2,
            status: 'REBUILDING',
            outcome: 'rebuilding',
            done: [],
            rebuildExecutionArn: 'arn:exec',
            rebuildStatus: 'RUNNING',
          },
        ],
      }),
    );

    expect(text).toBe(
      [
        'engine: compatible v1 → v2 → deployed (ACTIVE)',
        '  ~ curated.engine__rpm widened',
        'sensor-b: breaking v1 → v2 → rebuilding (REBUILDING)',
        '  rebuild RUNNING arn:exec',
        'ok: 3 topics; 1 deployed, 1 rebuilding, 1 unchanged',
        '',
      ].join('\n'),
    );
  });

  it('shows the linter findings and the refusal when the deploy was refused', () => {
    const base = topicSchema('alpha');
    const lint = lintRegistry(
      registryOf([{ ...base, fields: { ...base.fields, extra: field('string') } }]),
      registryOf([base]),
    );

    const text = formatDeployText(
      report({ ok: false, refused: { reason: 'the linter rejects', lint } }),
    );

    expect(text).toContain('error VERSION_NOT_BUMPED');
    expect(text.trimEnd().endsWith('deploy refused: the linter rejects')).toBe(true);
  });
});
