// Bundles every Lambda (lambdas/<name>/index.ts → dist/lambdas/<name>/index.mjs) and the CLI
// (scripts/cli/main.ts → dist/cli/lean-ops.mjs) with esbuild. Each Lambda bundle carries the AWS
// SDK v3 clients it imports, so the deployed code does not depend on the runtime's SDK version.
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// ESM bundles of CommonJS dependencies need a real `require` for Node built-ins.
const requireShim =
  "import { createRequire as __leanOpsCreateRequire } from 'node:module'; const require = __leanOpsCreateRequire(import.meta.url);";

const common = {
  bundle: true,
  platform: 'node',
  target: 'node22',
  format: 'esm',
  sourcemap: 'linked',
  minify: true,
  keepNames: true,
  legalComments: 'none',
  banner: { js: requireShim },
  logLevel: 'warning',
};

/**
 * `import … from 'node:http'` (the SDK's ESM builds do it) makes Node build the module's ESM
 * facade, which reads every export — including the lazy WebSocket/EventSource getters that load
 * Node's bundled undici (~35 ms of CPU at cold start, measured with --cpu-prof). Loading http and
 * https through `require` (the banner's createRequire) skips that facade.
 */
const httpViaRequire = {
  name: 'http-via-require',
  setup(esbuild) {
    esbuild.onResolve({ filter: /^(node:)?(http|https)$/ }, (args) =>
      // the require inside the shim itself stays Node's own
      args.namespace === 'http-via-require'
        ? { path: args.path, external: true }
        : { path: args.path.replace(/^node:/, ''), namespace: 'http-via-require' },
    );
    esbuild.onLoad({ filter: /.*/, namespace: 'http-via-require' }, (args) => ({
      contents: `module.exports = require('node:${args.path}');`,
      loader: 'js',
    }));
  },
};

export function lambdaNames() {
  return readdirSync(join(root, 'lambdas'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && entry.name !== 'common')
    .filter((entry) => existsSync(join(root, 'lambdas', entry.name, 'index.ts')))
    .map((entry) => entry.name)
    .sort();
}

async function main() {
  const only = process.argv.slice(2);
  const lambdas = lambdaNames().filter((name) => only.length === 0 || only.includes(name));
  const builds = lambdas.map((name) =>
    build({
      ...common,
      // the packages' ESM builds (`module`) first: the SDK's are a third smaller than its CommonJS
      // ones and cost less to load at cold start (docs/benchmarks.md, cold import)
      mainFields: ['module', 'main'],
      plugins: [httpViaRequire],
      entryPoints: [join(root, 'lambdas', name, 'index.ts')],
      outfile: join(root, 'dist', 'lambdas', name, 'index.mjs'),
    }),
  );
  if (only.length === 0 || only.includes('cli')) {
    builds.push(
      build({
        ...common,
        minify: false,
        // Commands load their heavy modules (AWS SDK, the local run) on demand, in chunks of
        // their own, so `lean-ops lint-schemas` starts without parsing the SDK.
        splitting: true,
        entryPoints: { 'lean-ops': join(root, 'scripts', 'cli', 'main.ts') },
        outdir: join(root, 'dist', 'cli'),
        chunkNames: 'chunks/[name]-[hash]',
        outExtension: { '.js': '.mjs' },
      }),
    );
  }
  await Promise.all(builds);
  console.error(
    `build: ${lambdas.length} lambdas${only.length === 0 || only.includes('cli') ? ' + cli' : ''} → dist/`,
  );
}

await main();
