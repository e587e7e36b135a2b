// Benchmark: `lean-ops lint-schemas` on a 750-topic registry against a base, end to end (process
// start included), both with --base-dir and with --base <git ref> as CI runs it. Prints a Markdown
// section; the 2 s target is reported, never asserted.
import { execFileSync, spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const cli = join(root, 'dist', 'cli', 'lean-ops.mjs');
// 750 in `make bench`; `make test-scale` runs it at 5,000
const TOPICS = Number(process.env.LEAN_OPS_BENCH_LINT_TOPICS ?? 750);
const RUNS = 5;
const TARGET_MS = 2000;

if (!existsSync(cli))
  execFileSync(process.execPath, [join(root, 'scripts', 'build.mjs'), 'cli'], { stdio: 'inherit' });

const loadAverage = readLoadAverage();
const work = mkdtempSync(join(tmpdir(), 'lean-ops-bench-lint-'));
try {
  const base = join(work, 'base');
  const head = join(work, 'head');
  leanOps(['gen-topics', '--count', String(TOPICS), '--out', base, '--seed', '1'], work);
  cpSync(base, head, { recursive: true });
  const edits = evolve(head);

  const baseDir = timeRuns(['lint-schemas', head, '--base-dir', base, '--format', 'json'], work);

  const repo = join(work, 'repo');
  const topics = join(repo, 'schemas', 'topics');
  mkdirSync(topics, { recursive: true });
  cpSync(base, topics, { recursive: true });
  git(repo, 'init', '-q', '-b', 'main');
  git(repo, 'add', '.');
  git(
    repo,
    '-c',
    'user.email=bench@example.com',
    '-c',
    'user.name=bench',
    'commit',
    '-q',
    '-m',
    'base',
  );
  rmSync(topics, { recursive: true });
  cpSync(head, topics, { recursive: true });
  const gitRef = timeRuns(
    ['lint-schemas', 'schemas/topics', '--base', 'HEAD', '--format', 'json'],
    repo,
  );

  const report = baseDir.report;
  const counts = {};
  for (const topic of report.topics) counts[topic.change] = (counts[topic.change] ?? 0) + 1;
  const row = (name, result) =>
    `| ${name} | ${RUNS} | ${result.median} ms | ${result.min} ms | ${result.cpu} ms | ${result.median < TARGET_MS ? 'met' : 'missed'} |`;
  console.log(`## lint-schemas: ${TOPICS} topics against a base

Generated with \`lean-ops gen-topics --count ${TOPICS} --seed 1\`; the head then gets ${edits.compatible}
compatible changes (version bumped), ${edits.rebuilt} breaking changes with \`rebuild\`, ${edits.unrebuilt}
breaking changes without it, ${edits.added} added and ${edits.removed} removed topics. Wall time of the
whole CLI process (Node start, reading, parsing, validating, classifying, JSON output); CPU is
the process's user + system time, which contention from other work on the machine inflates less.
Load average when the runs started: ${loadAverage}.

| base | runs | median wall | min wall | median CPU | median < ${TARGET_MS} ms |
|---|---|---|---|---|---|
${row('`--base-dir DIR`', baseDir)}
${row('`--base HEAD` (git)', gitRef)}

Result: ${report.topics.length} topic reports, ${report.errors} errors, ${report.warnings} warnings, exit ${baseDir.code};
changes: ${Object.entries(counts)
    .sort()
    .map(([kind, n]) => `${n} ${kind}`)
    .join(', ')}.
`);
} finally {
  rmSync(work, { recursive: true, force: true });
}

/** CPU time (user + system) of the reaped child processes, in ms (Linux /proc; else 0). */
function childrenCpuMs() {
  try {
    // After the ")" closing the command name, cutime and cstime are the 14th and 15th fields.
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[13]) + Number(fields[14])) * 1000) / 100;
  } catch {
    return 0;
  }
}

function leanOps(args, cwd) {
  const started = process.hrtime.bigint();
  const cpuBefore = childrenCpuMs();
  const result = spawnSync(process.execPath, [cli, ...args], {
    cwd,
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  });
  const ms = Number((process.hrtime.bigint() - started) / 1_000_000n);
  const cpuMs = childrenCpuMs() - cpuBefore;
  if (result.status !== 0 && result.status !== 1) {
    throw new Error(`lean-ops ${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  }
  return { ms, cpuMs, code: result.status, stdout: result.stdout };
}

function timeRuns(args, cwd) {
  const runs = Array.from({ length: RUNS }, () => leanOps(args, cwd));
  const sorted = (values) => [...values].sort((a, b) => a - b);
  const wall = sorted(runs.map((run) => run.ms));
  const cpu = sorted(runs.map((run) => run.cpuMs));
  const last = runs.at(-1);
  return {
    median: wall[Math.floor(RUNS / 2)],
    min: wall[0],
    cpu: cpu[Math.floor(RUNS / 2)],
    code: last.code,
    report: JSON.parse(last.stdout),
  };
}

function git(cwd, ...args) {
  execFileSync('git', args, { cwd, stdio: 'pipe' });
}

/** Applies a realistic mix of edits to the head copy of the registry. */
function evolve(dir) {
  const names = readdirSync(dir).sort();
  const read = (i) => JSON.parse(readFileSync(join(dir, names[i]), 'utf8'));
  const write = (topic) =>
    writeFileSync(join(dir, `${topic.topic}.json`), `${JSON.stringify(topic, null, 2)}\n`);
  const edits = { compatible: 0, rebuilt: 0, unrebuilt: 0, added: 0, removed: 0 };
  for (let i = 0; i < 60; i++) {
    const topic = read(i);
    topic.version += 1;
    topic.fields[`extra.note_${i}`] = {
      type: 'string',
      nullable: true,
      cde: false,
      description: 'Added later',
    };
    write(topic);
    edits.compatible++;
  }
  for (let i = 60; i < 70; i++) {
    const topic = read(i);
    const last = Object.keys(topic.fields).at(-1);
    delete topic.fields[last];
    topic.version += 1;
    topic.rebuild = true;
    write(topic);
    edits.rebuilt++;
  }
  for (let i = 70; i < 75; i++) {
    const topic = read(i);
    topic.version += 1;
    topic.fields.measured_at.type = 'date';
    write(topic);
    edits.unrebuilt++;
  }
  for (let i = 0; i < 3; i++) {
    const topic = read(100 + i);
    topic.topic = `new-topic-${i}`;
    write(topic);
    edits.added++;
  }
  for (let i = 0; i < 2; i++) {
    rmSync(join(dir, names[200 + i]));
    edits.removed++;
  }
  return edits;
}

function readLoadAverage() {
  try {
    return readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  } catch {
    return 'unknown';
  }
}
