import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  lintRegistry,
  loadRegistry,
  loadRegistryFromGit,
  RegistrySourceError,
} from '../../../../scripts/ops/registry';
import { aField, aTopic, withFields } from '../../../helpers/registryFactories';

describe('loadRegistryFromGit', () => {
  let repo: string;
  const git = (...args: string[]) =>
    execFileSync('git', args, { cwd: repo, stdio: 'pipe' }).toString().trim();
  const write = (name: string, content: unknown) =>
    writeFileSync(
      join(repo, 'schemas', 'topics', name),
      typeof content === 'string' ? content : JSON.stringify(content, null, 2),
    );

  beforeAll(() => {
    repo = mkdtempSync(join(tmpdir(), 'lean-ops-git-'));
    mkdirSync(join(repo, 'schemas', 'topics'), { recursive: true });
    git('init', '-q', '-b', 'main');
    git('config', 'user.email', 'test@example.com');
    git('config', 'user.name', 'test');
    write('engine-temperature.json', aTopic());
    write('alarms.json', aTopic({ topic: 'alarms' }));
    write('broken.json', '{ not json');
    write('README.md', 'not a topic');
    symlinkSync('/etc/hostname', join(repo, 'schemas', 'topics', 'link.json'));
    git('add', '.');
    git('commit', '-q', '-m', 'base');
    // Head: a compatible change without a bump, alarms removed, a new topic.
    write('engine-temperature.json', withFields(aTopic(), { note: aField() }));
    rmSync(join(repo, 'schemas', 'topics', 'alarms.json'));
    write('door-events.json', aTopic({ topic: 'door-events', queue: 'fifo' }));
  });

  afterAll(() => rmSync(repo, { recursive: true, force: true }));

  it('reads the registry at a ref without checking it out', () => {
    const base = loadRegistryFromGit('HEAD', ['schemas/topics'], repo);

    expect(base.files.map((f) => f.file)).toEqual([
      'HEAD:schemas/topics/alarms.json',
      'HEAD:schemas/topics/broken.json',
      'HEAD:schemas/topics/engine-temperature.json',
      'HEAD:schemas/topics/link.json',
    ]);
    expect(base.topics.map((t) => t.topic)).toEqual(['alarms', 'engine-temperature']);
    expect(base.files.find((f) => f.name === 'link.json')?.findings[0]?.code).toBe(
      'NOT_A_REGULAR_FILE',
    );
  });

  it('feeds the evolution rules: unbumped change, removal, addition', () => {
    const head = loadRegistry(join(repo, 'schemas', 'topics'), { root: repo });
    const base = loadRegistryFromGit('HEAD', [join(repo, 'schemas', 'topics')], repo);

    const report = lintRegistry(head, base);

    const byTopic = Object.fromEntries(report.topics.map((t) => [t.topic, t]));
    expect(byTopic.alarms?.change).toBe('removed');
    expect(byTopic['door-events']?.change).toBe('added');
    expect(byTopic['engine-temperature']?.change).toBe('compatible');
    expect(byTopic['engine-temperature']?.findings.map((f) => f.code)).toEqual([
      'VERSION_NOT_BUMPED',
    ]);
  });

  it('reads a single file path at the ref, and nothing for a path the ref lacks', () => {
    expect(
      loadRegistryFromGit('HEAD', ['schemas/topics/alarms.json'], repo).topics.map((t) => t.topic),
    ).toEqual(['alarms']);
    expect(loadRegistryFromGit('HEAD', ['schemas/other'], repo).files).toEqual([]);
  });

  it('throws a RegistrySourceError for an unknown ref or an option-like ref', () => {
    expect(() => loadRegistryFromGit('no-such-branch', ['schemas/topics'], repo)).toThrow(
      RegistrySourceError,
    );
    expect(() => loadRegistryFromGit('--output=/tmp/x', ['schemas/topics'], repo)).toThrow(
      RegistrySourceError,
    );
  });
});
