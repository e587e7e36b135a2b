import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_QUEUE_PREFIXES, loadQueuePrefixes } from '../../../../scripts/ops/registry';

describe('loadQueuePrefixes', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'lean-ops-envs-'));
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('builds one prefix per tfvars that declares an environment', () => {
    writeFileSync(join(dir, 'dev.tfvars'), 'project = "lean-ops"\nenvironment = "dev"\n');
    writeFileSync(join(dir, 'prod.tfvars'), 'project = "acme-iot"\nenvironment = "prod"\n');
    writeFileSync(join(dir, 'qa.tfvars'), 'environment = "qa"\n');
    writeFileSync(join(dir, 'common.tfvars'), 'region = "us-east-1"\n');
    writeFileSync(join(dir, 'notes.txt'), 'environment = "ignored"\n');

    const result = loadQueuePrefixes(dir);

    expect(result.prefixes).toEqual([
      'lean-ops-dev-topic-',
      'acme-iot-prod-topic-',
      'lean-ops-qa-topic-',
    ]);
    expect(result.sources).toHaveLength(3);
  });

  it('falls back to lean-ops dev, staging and prod without tfvars', () => {
    expect(loadQueuePrefixes(join(dir, 'missing'))).toEqual({
      prefixes: ['lean-ops-dev-topic-', 'lean-ops-staging-topic-', 'lean-ops-prod-topic-'],
      sources: ['default'],
    });
    mkdirSync(join(dir, 'empty'));
    expect(loadQueuePrefixes(join(dir, 'empty')).prefixes).toEqual([...DEFAULT_QUEUE_PREFIXES]);
  });
});
