import { createHash } from 'node:crypto';
import type { RegistryStatus } from '../../scripts/ops/deploy/constants';
import type { DeployedTopic, HeadTopic } from '../../scripts/ops/deploy/types';
import {
  type FieldSpec,
  type LoadedRegistry,
  registryFromSources,
  type TopicSchema,
} from '../../scripts/ops/registry';

export function field(type: string, overrides: Partial<FieldSpec> = {}): FieldSpec {
  return { type, nullable: true, cde: false, description: `a ${type}`, ...overrides };
}

/** A valid topic: device_id + seq dedup key, one nullable reading. */
export function topicSchema(topic: string, overrides: Partial<TopicSchema> = {}): TopicSchema {
  return {
    topic,
    version: 1,
    owner: 'team-a',
    description: `${topic} readings`,
    queue: 'standard',
    dedup: { key: ['device_id', 'seq'], keep: 'first' },
    fields: {
      device_id: field('string', { nullable: false, cde: true }),
      seq: field('long', { nullable: false, cde: true }),
      'reading.value': field('int'),
    },
    ...overrides,
  };
}

export function bytesOf(schema: TopicSchema): Uint8Array {
  return new TextEncoder().encode(`${JSON.stringify(schema, null, 2)}\n`);
}

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export function registryOf(schemas: TopicSchema[]): LoadedRegistry {
  return registryFromSources(
    schemas.map((schema) => ({
      file: `${schema.topic}.json`,
      name: `${schema.topic}.json`,
      bytes: bytesOf(schema),
      findings: [],
    })),
  );
}

export function headOf(schemas: TopicSchema[]): Map<string, HeadTopic> {
  return new Map(
    schemas.map((schema) => {
      const bytes = bytesOf(schema);
      return [schema.topic, { schema, file: `${schema.topic}.json`, bytes, sha256: sha256(bytes) }];
    }),
  );
}

export function deployedItem(
  schema: TopicSchema,
  status: RegistryStatus = 'ACTIVE',
): DeployedTopic {
  return { topic: schema.topic, version: schema.version, sha256: sha256(bytesOf(schema)), status };
}
