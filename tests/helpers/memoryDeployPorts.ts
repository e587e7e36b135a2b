import type { RegistryStatus } from '../../scripts/ops/deploy/constants';
import { RegistryConflictError } from '../../scripts/ops/deploy/errors';
import type { DeployPorts, EvolvedTable } from '../../scripts/ops/deploy/ports';
import type { DeployedTopic, ExpectedItem, TableEvolution } from '../../scripts/ops/deploy/types';

/**
 * In-memory deployment for unit tests of the deploy flow: conditional registry writes behave
 * like DynamoDB's (the adapters themselves are tested against the local endpoint).
 */
export function memoryDeployment() {
  const items = new Map<string, DeployedTopic>();
  const versions = new Map<string, Uint8Array>();
  const current = new Map<string, Uint8Array>();
  const evolved: { topic: string; evolutions: TableEvolution[] }[] = [];
  const rebuilds = new Map<string, string>();
  const writes: string[] = [];
  const matches = (topic: string, expected: ExpectedItem) => {
    const item = items.get(topic);
    return expected.exists
      ? item?.version === expected.version && item.status === expected.status
      : item === undefined;
  };
  const ports: DeployPorts = {
    schemas: {
      readVersion: async (topic, version) => versions.get(`${topic}@${version}`),
      publishVersion: async (topic, version, bytes) => {
        writes.push(`version ${topic}@${version}`);
        versions.set(`${topic}@${version}`, bytes);
      },
      publishCurrent: async (topic, bytes) => {
        writes.push(`current ${topic}`);
        current.set(topic, bytes);
      },
    },
    registry: {
      readAll: async () => [...items.values()].map((item) => ({ ...item })),
      register: async (item, expected) => {
        if (!matches(item.topic, expected)) throw new RegistryConflictError(item.topic, 'conflict');
        writes.push(`register ${item.topic}@${item.version} ${item.status}`);
        items.set(item.topic, { ...item });
      },
      transition: async (topic, version, from, to: RegistryStatus) => {
        if (!matches(topic, { exists: true, version, status: from }))
          throw new RegistryConflictError(topic, 'conflict');
        writes.push(`transition ${topic}@${version} ${from}→${to}`);
        items.set(topic, { ...(items.get(topic) as DeployedTopic), status: to });
      },
      recordRebuild: async (topic, _version, executionArn) => {
        items.set(topic, {
          ...(items.get(topic) as DeployedTopic),
          rebuildExecutionArn: executionArn,
        });
      },
    },
    tables: {
      evolve: async (topic, evolutions): Promise<EvolvedTable[]> => {
        writes.push(`evolve ${topic}`);
        evolved.push({ topic, evolutions });
        return evolutions.map((e) => ({
          layer: e.layer,
          status: 'evolved',
          added: e.add.map((c) => c.column),
          widened: e.widen.map((c) => c.column),
        }));
      },
    },
    rebuilder: {
      ensureStarted: async (topic, version) => {
        const name = `schema-${topic}-v${version}`;
        if (!rebuilds.has(name)) {
          writes.push(`start ${name}`);
          rebuilds.set(name, 'RUNNING');
        }
        return { executionArn: `arn:exec:${name}`, status: rebuilds.get(name) as string };
      },
    },
  };
  return { ports, items, versions, current, evolved, rebuilds, writes };
}
