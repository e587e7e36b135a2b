import { mapWithConcurrency } from '../../../lambdas/common/mapWithConcurrency';
import { type LoadedRegistry, registryFromSources, type SourceFile } from '../registry';
import { REGISTRY_STATUS, versionedSchemaKey } from './constants';
import { DeployedStateError } from './errors';
import type { SchemaStore } from './ports';
import type { DeployedTopic, HeadTopic } from './types';

/**
 * The deployed registry as a registry the linter can compare with: for every topic not
 * RETIRED, the schema bytes of its registered version. A topic whose head file has the very
 * bytes deployed (same sha256) reuses them instead of reading S3, so a deploy of 750 unchanged
 * topics reads only the registry table.
 *
 * @example
 * const base = await deployedBase(items, head, schemas);
 * const report = lintRegistry(headRegistry, base, { detectRemovals: true });
 */
export async function deployedBase(
  deployed: readonly DeployedTopic[],
  head: ReadonlyMap<string, HeadTopic>,
  schemas: SchemaStore,
  concurrency = 16,
): Promise<LoadedRegistry> {
  const live = deployed.filter((item) => item.status !== REGISTRY_STATUS.RETIRED);
  const sources = await mapWithConcurrency(live, concurrency, async (item): Promise<SourceFile> => {
    const same = head.get(item.topic);
    const bytes =
      same && same.sha256 === item.sha256
        ? same.bytes
        : await schemas.readVersion(item.topic, item.version);
    if (!bytes) {
      throw new DeployedStateError(
        item.topic,
        `registered at version ${item.version} but ${versionedSchemaKey(item.topic, item.version)} does not exist`,
      );
    }
    return {
      file: `deployed:${versionedSchemaKey(item.topic, item.version)}`,
      name: `${item.topic}.json`,
      bytes,
      findings: [],
    };
  });
  return registryFromSources(sources);
}
