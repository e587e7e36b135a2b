import type { RunningEndpoint } from '../../scripts/local/endpointProcess';

export default async function globalTeardown(): Promise<void> {
  const endpoint = (globalThis as { __leanOpsEndpoint?: RunningEndpoint }).__leanOpsEndpoint;
  await endpoint?.stop();
}
