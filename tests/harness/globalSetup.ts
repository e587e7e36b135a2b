import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startEndpoint } from '../../scripts/local/endpointProcess';
import { repoRoot } from '../../scripts/ops/repoRoot';

/**
 * Integration tests share one local endpoint per jest run. Its environment is written to
 * .run/integration-endpoint.json (tests read it through tests/harness/localAws.ts) and the
 * process is stopped by globalTeardown.
 */
export default async function globalSetup(): Promise<void> {
  const endpoint = await startEndpoint();
  const dir = join(repoRoot(), '.run');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'integration-endpoint.json'), JSON.stringify(endpoint.state));
  (globalThis as { __leanOpsEndpoint?: unknown }).__leanOpsEndpoint = endpoint;
}
