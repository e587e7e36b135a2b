import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { importsOf, sourceFiles, violationOf, violationsIn } from './importRules';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

const verdict = (file: string, specifier: string, text = `import { x } from '${specifier}';`) =>
  importsOf(file, text).map(violationOf);

describe('the import rules of the layout', () => {
  it('hold in every source file of lambdas/ and scripts/', () => {
    expect(violationsIn(root, ['lambdas', 'scripts'])).toEqual([]);
  });

  it('leave process spawning out of lambdas/', () => {
    const spawning = sourceFiles(root, ['lambdas']).filter((file) =>
      /child_process/.test(readFileSync(join(root, file), 'utf8')),
    );
    expect(spawning).toEqual([]);
  });

  it.each([
    ['lambdas/sqs-processor/x.ts', '../../scripts/ops/registry', /lambdas never imports scripts/],
    ['scripts/ops/deploy/x.ts', '../../local/localDeployment', /never imports the local harness/],
    ['scripts/ops/dlq/x.ts', '../../cli/output', /only the CLI imports the CLI/],
    ['scripts/local/run/x.ts', '../../cli/output', /only the CLI imports the CLI/],
    ['scripts/cli/commands/breaker.ts', '../../local/clients', /only lazily/],
  ])('refuse %s importing %s', (file, specifier, why) => {
    expect(verdict(file, specifier)).toEqual([expect.stringMatching(why)]);
  });

  it('name the file and the import of a violation', () => {
    const [entry] = importsOf(
      'scripts/ops/inject/x.ts',
      "import { a } from '../../local/clients';",
    );
    expect(entry).toMatchObject({
      file: 'scripts/ops/inject/x.ts',
      target: 'scripts/local/clients',
    });
  });

  it.each([
    ['lambdas/checkpoints/x.ts', '../common/naming'],
    ['scripts/ops/deploy/x.ts', '../../../lambdas/common/naming'],
    ['scripts/ops/registry/x.ts', '../../../schemas/topic.schema.json'],
    ['scripts/cli/main.ts', '../../package.json'],
    ['scripts/local/run/x.ts', '../../ops/dlq/replayDeadLetters'],
    ['scripts/cli/commands/deploySchemas.ts', '../../ops/deploy'],
  ])('allow %s importing %s', (file, specifier) => {
    expect(verdict(file, specifier)).toEqual([undefined]);
  });

  it('allow the local command, and only it, to load the harness lazily', () => {
    const lazy = "const { localRun } = await import('../../local/run/localRun');";
    expect(verdict('scripts/cli/commands/local.ts', '', lazy)).toEqual([undefined]);
    expect(verdict('scripts/cli/commands/inject.ts', '', lazy)).toEqual([
      expect.stringMatching(/only lazily/),
    ]);
  });

  it('read multi-line imports and re-exports', () => {
    const text =
      "import {\n  a,\n  b,\n} from '../../local/x';\nexport { c } from '../../cli/y';\n";
    expect(importsOf('scripts/ops/z/w.ts', text).map((entry) => entry.target)).toEqual([
      'scripts/local/x',
      'scripts/cli/y',
    ]);
  });
});
