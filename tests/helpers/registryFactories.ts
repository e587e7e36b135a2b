import {
  type FieldSpec,
  type LoadedRegistry,
  registryFromSources,
  type SourceFile,
  type TopicSchema,
} from '../../scripts/ops/registry';

/** A valid topic; pass overrides for the part a test is about. */
export function aTopic(overrides: Partial<TopicSchema> = {}): TopicSchema {
  return {
    topic: 'engine-temperature',
    version: 1,
    owner: 'powertrain-telemetry',
    description: 'Coolant temperature per engine',
    queue: 'standard',
    dedup: { key: ['device_id', 'reading_id'], keep: 'last', orderBy: 'measured_at' },
    fields: {
      device_id: aField({ type: 'string', nullable: false, cde: true }),
      reading_id: aField({ type: 'long', nullable: false, cde: true }),
      measured_at: aField({ type: 'timestamp', nullable: false, cde: true }),
      'engine.coolant_c': aField({ type: 'double' }),
      'engine.rpm': aField({ type: 'int' }),
      'engine.load': aField({ type: 'decimal(5,2)' }),
      'engine.mode': aField({ type: 'string' }),
    },
    ...overrides,
  };
}

/** A nullable, non-CDE field unless told otherwise. */
export function aField(overrides: Partial<FieldSpec> = {}): FieldSpec {
  return { type: 'string', nullable: true, cde: false, description: 'A reading', ...overrides };
}

/** A topic with some fields replaced, added (a FieldSpec) or removed (undefined). */
export function withFields(
  topic: TopicSchema,
  changes: Record<string, FieldSpec | undefined>,
): TopicSchema {
  const fields = { ...topic.fields };
  for (const [path, spec] of Object.entries(changes)) {
    if (spec === undefined) delete fields[path];
    else fields[path] = spec;
  }
  return { ...topic, fields };
}

/** A source file holding `content` (a string is written as is, anything else as JSON). */
export function aSource(name: string, content: unknown): SourceFile {
  const text = typeof content === 'string' ? content : JSON.stringify(content, null, 2);
  return { file: `topics/${name}`, name, bytes: new TextEncoder().encode(text), findings: [] };
}

/** A registry of topics stored under their own file names. */
export function aRegistry(...topics: TopicSchema[]): LoadedRegistry {
  return registryFromSources(topics.map((topic) => aSource(`${topic.topic}.json`, topic)));
}
