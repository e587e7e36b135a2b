// `make bench` section: sqs-processor and firehose-transform throughput on 1 KiB IoT payloads
// (Firehose answered by a local stub) against the raw limit measured in the same run, and each
// bundle's size and cold import time against a bare `node -e 0`. Prints Markdown; no assertions.
import { execFileSync, fork } from 'node:child_process';
import { statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const worker = join(root, 'scripts', 'bench', 'ingestion', 'worker.mjs');
const bundle = (name) => join(root, 'dist', 'lambdas', name, 'index.mjs');

function runChild(script, args, env) {
  return new Promise((resolve, reject) => {
    const child = fork(script, args, {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    child.once('message', resolve);
    child.once('exit', (code) =>
      code === 0 ? undefined : reject(new Error(`${script} ${args.join(' ')} exited ${code}`)),
    );
  });
}

const stub = fork(join(root, 'scripts', 'bench', 'ingestion', 'firehoseStub.mjs'), {
  stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
});
const { port } = await new Promise((resolve) => stub.once('message', resolve));
const lambdaEnv = {
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'bench',
  AWS_SECRET_ACCESS_KEY: 'bench',
  AWS_ENDPOINT_URL: `http://127.0.0.1:${port}`,
  FIREHOSE_STREAM_NAME: 'lean-ops-bench-raw',
  QUEUE_NAME_PREFIX: 'lean-ops-bench-topic-',
  ERROR_BUCKET: 'lean-ops-bench-archive',
  RAW_DATABASE_NAME: 'lean_ops_bench_raw',
  STANDARDIZED_DATABASE_NAME: 'lean_ops_bench_standardized',
  CURATED_DATABASE_NAME: 'lean_ops_bench_curated',
  ARCHIVE_BUCKET: 'lean-ops-bench-archive',
  ERROR_INDEX_TABLE: 'lean-ops-bench-dlq-index',
  BREAKER_TABLE: 'lean-ops-bench-breaker',
  PROCESSOR_FUNCTION_NAME: 'lean-ops-bench-sqs-processor',
  CHECKPOINT_TABLE: 'lean-ops-bench-checkpoints',
  REGISTRY_TABLE: 'lean-ops-bench-schema-registry',
  POWERTOOLS_LOG_LEVEL: 'ERROR',
};

try {
  const raw = await runChild(worker, ['rawLimit'], lambdaEnv);
  const processor = await runChild(worker, ['processor', bundle('sqs-processor')], lambdaEnv);
  const transform = await runChild(worker, ['transform', bundle('firehose-transform')], lambdaEnv);

  const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  const timeNode = (args, env = {}) => {
    const samples = [];
    for (let run = 0; run < 7; run++) {
      const started = process.hrtime.bigint();
      execFileSync(process.execPath, args, { env: { ...process.env, ...env }, stdio: 'ignore' });
      samples.push(Number(process.hrtime.bigint() - started) / 1e6);
    }
    return median(samples);
  };
  const bare = timeNode(['-e', '0']);
  const rows = [
    'sqs-processor',
    'firehose-transform',
    'dlq-archiver',
    'circuit-breaker',
    'checkpoints',
  ]
    .filter((name) => {
      try {
        return statSync(bundle(name)).isFile();
      } catch {
        return false;
      }
    })
    .map((name) => {
      let ms;
      try {
        ms = timeNode(
          [
            '--input-type=module',
            '-e',
            `await import(${JSON.stringify(pathToFileURL(bundle(name)).href)})`,
          ],
          lambdaEnv,
        );
      } catch {
        return `| ${name} | ${(statSync(bundle(name)).size / 1024).toFixed(0)} KiB | init failed with the benchmark's environment | |`;
      }
      return `| ${name} | ${(statSync(bundle(name)).size / 1024).toFixed(0)} KiB | ${ms.toFixed(0)} ms | ${(ms / bare).toFixed(2)}× |`;
    });

  const fmt = (value) => Math.round(value).toLocaleString('en-US');
  console.log(`## Ingestion hot path (sqs-processor, firehose-transform)

${raw.records.toLocaleString('en-US')} records of 1 KiB IoT payloads per measurement, after a warm-up; the Firehose
API is a local stub that accepts everything, so the figures are the Lambdas' own cost. The raw
limit is JSON.parse + JSON.stringify + base64 of the same records in a tight loop, in the same run.

| measurement | records/s | ratio to raw limit | target |
|---|---|---|---|
| raw limit (parse + stringify + base64) | ${fmt(raw.perSecond)} | 1.00× | |
| sqs-processor (batches of ${process.env.BENCH_BATCH ?? 500}, PutRecordBatch to the stub) | ${fmt(processor.perSecond)} | ${(processor.perSecond / raw.perSecond).toFixed(2)}× | ≥ 0.5× |
| firehose-transform (invocations of 1,000 records) | ${fmt(transform.perSecond)} | ${(transform.perSecond / raw.perSecond).toFixed(2)}× | ≥ 0.6× |

Where the processor's time goes (a \`--cpu-prof\` of this worker): it does the raw limit's
work once (JSON.parse to classify, JSON.stringify of the envelope, sha256) and then the AWS SDK
serializes the PutRecordBatch request again (base64 of every record and a JSON document of the
whole batch), plus garbage collection of both copies. The SDK's share is what keeps it under the
0.5× target; the transform, which only decodes and routes, meets its 0.6× target.

Bundle size and cold import (median of 7 \`node\` processes importing the bundle) against a bare
\`node -e 0\` (${bare.toFixed(0)} ms); target ≤ 2×. The bundles that carry AWS SDK clients spend
most of their import in the SDK's module initialisation; the transform carries none:

| bundle | size | cold import | ratio to bare node |
|---|---|---|---|
${rows.join('\n')}
`);
} finally {
  stub.kill();
}
