// `make bench` section: the circuit breaker under a fleet-wide outage (scripts/bench/breaker),
// as Markdown on stdout. The real breaker code runs on simulated time against a control plane that
// enforces Lambda's account-wide 15 requests/s, so the figures are counts and simulated seconds,
// identical on every machine; the same drill is a test (tests/unit/bench/breakerFleetDrill.test.ts).
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const outfile = join(root, '.run', 'bench', 'fleetDrill.mjs');
mkdirSync(dirname(outfile), { recursive: true });
await build({
  entryPoints: [join(root, 'scripts', 'bench', 'breaker', 'fleetDrill.ts')],
  bundle: true,
  platform: 'node',
  format: 'esm',
  outfile,
  logLevel: 'error',
  banner: {
    js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
  },
});
const { runFleetDrill } = await import(pathToFileURL(outfile).href);

const scenarios = [
  { topics: 700, containers: 2, controlPlaneRps: 10 },
  { topics: 5000, containers: 2, controlPlaneRps: 10 },
  { topics: 700, containers: 4, controlPlaneRps: undefined },
];
const rows = [];
for (const scenario of scenarios) {
  const f = await runFleetDrill(scenario);
  const seconds = (value) => (value === undefined ? 'not reached' : `${Math.round(value)} s`);
  rows.push(
    `| ${f.topics.toLocaleString('en-US')} | ${f.containers} | ${f.controlPlaneRps === 'unpaced' ? 'unpaced' : `${f.controlPlaneRps}/s`} | ${seconds(f.allStoppedAfterSeconds)} | ${f.callsPerNotification.toFixed(2)} | ${f.throttled} | ${f.failedInvocations} | ${seconds(f.allClosedAfterSeconds)} | ${f.controlPlaneCalls.toLocaleString('en-US')} |`,
  );
}

console.log(`## Circuit breakers under a fleet-wide outage (scripts/bench/breaker)

Every topic's error-rate alarm fires at the same moment (a Firehose outage). The breaker Lambda's
real code (handleBreakerEvent, decideTransition, TopicMappings) runs in \`containers\` containers (its
reserved concurrency) that take the notifications and the 1-minute ticks from one queue, on
simulated time, against a fake Lambda control plane that answers TooManyRequestsException above 15
requests/s per account (Lambda quotas: not raisable) and ResourceInUseException while a mapping is
Enabling/Disabling. Cool-down 300 s, probation 900 s (2 × 300 s alarm periods + 1), tick budget 60 s.
Recovery: the alarms do not fire again, so every breaker goes HALF_OPEN after its cool-down and
closes when its probation passes.

| topics | containers | breaker budget | all mappings stopped after | control-plane calls per notification | throttled calls | failed invocations | all CLOSED and enabled after | control-plane calls in all |
|---:|---:|---|---:|---:|---:|---:|---:|---:|
${rows.join('\n')}

Paced (\`breaker.control_plane_rps\`, split over \`breaker.concurrency\`), a notification costs one
UpdateEventSourceMapping plus a share of its container's one listing per minute (7 pages at 700
topics, 50 at 5,000): stopping the fleet takes what the budget allows (700 updates at 10/s ≥ 70 s;
5,000 ≥ 500 s) and nothing is throttled. Unpaced, the containers exceed the account's 15/s, calls
are throttled and retried, some invocations fail (Lambda retries them): the same end state, bought
with a control plane that deployments and operators share. Ticks that cannot finish within their
60 s leave the rest, least recently changed first, to the next tick.`);
