import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { localClients as clientsFor } from '../../scripts/local/clients';
import type { EndpointState } from '../../scripts/local/endpointProcess';
import { repoRoot } from '../../scripts/ops/repoRoot';

/** The environment that routes SDK clients (and Lambda containers) to the shared endpoint. */
export function endpointEnv(): Record<string, string> {
  const state = JSON.parse(
    readFileSync(join(repoRoot(), '.run', 'integration-endpoint.json'), 'utf8'),
  ) as EndpointState;
  return state.env;
}

/** SDK clients for test set-up and assertions, pointed at the shared endpoint. */
export function localClients() {
  return clientsFor(endpointEnv());
}

/** A name unique to one test, so tests sharing the endpoint never see each other's resources. */
export function uniqueName(label: string): string {
  return `it-${label}-${Date.now().toString(36)}${Math.floor(Math.random() * 1e4).toString(36)}`;
}
