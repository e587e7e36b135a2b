import { type SeededRandom, seededRandom } from './seededRandom';
import type { FieldSpec, TopicSchema } from './types';

export interface GenerateTopicsOptions {
  count: number;
  seed: number;
}

interface Family {
  name: string;
  owner: string;
  group: string;
  metrics: readonly string[];
}

// IoT telemetry families the synthetic topics are drawn from; names stay short enough that
// `<family>-<nnnnn>` fits every queue prefix.
const FAMILIES: readonly Family[] = [
  {
    name: 'engine-temperature',
    owner: 'powertrain-telemetry',
    group: 'engine',
    metrics: ['coolant_c', 'oil_c', 'intake_c', 'rpm', 'load_pct'],
  },
  {
    name: 'gps-position',
    owner: 'fleet-location',
    group: 'position',
    metrics: ['lat', 'lon', 'alt_m', 'speed_kmh', 'heading_deg'],
  },
  {
    name: 'battery-state',
    owner: 'energy-systems',
    group: 'pack',
    metrics: ['soc_pct', 'voltage_v', 'current_a', 'temp_c', 'cycles'],
  },
  {
    name: 'door-events',
    owner: 'body-electronics',
    group: 'door',
    metrics: ['position', 'action', 'by_key_fob', 'ajar_s'],
  },
  {
    name: 'vibration-spectrum',
    owner: 'predictive-maintenance',
    group: 'spectrum',
    metrics: ['rms_g', 'peak_hz', 'peak_g', 'kurtosis', 'crest'],
  },
  {
    name: 'cabin-humidity',
    owner: 'climate-control',
    group: 'cabin',
    metrics: ['humidity_pct', 'temp_c', 'co2_ppm', 'fan_level'],
  },
  {
    name: 'firmware-status',
    owner: 'device-management',
    group: 'firmware',
    metrics: ['current', 'target', 'progress_pct', 'error_code'],
  },
  {
    name: 'alarms',
    owner: 'fleet-operations',
    group: 'alarm',
    metrics: ['severity', 'code', 'acknowledged', 'duration_s'],
  },
  {
    name: 'tire-pressure',
    owner: 'chassis-telemetry',
    group: 'tire',
    metrics: ['pressure_kpa', 'temp_c', 'battery_low'],
  },
  {
    name: 'fuel-level',
    owner: 'powertrain-telemetry',
    group: 'fuel',
    metrics: ['level_l', 'consumed_l', 'refuel', 'trip_date'],
  },
  {
    name: 'hvac-compressor',
    owner: 'climate-control',
    group: 'compressor',
    metrics: ['pressure_bar', 'duty_pct', 'clutch_on'],
  },
  {
    name: 'brake-wear',
    owner: 'chassis-telemetry',
    group: 'brake',
    metrics: ['pad_mm', 'disc_temp_c', 'abs_events'],
  },
];

const METRIC_TYPES = [
  'double',
  'double',
  'float',
  'int',
  'long',
  'boolean',
  'string',
  'decimal(9,3)',
  'date',
] as const;

/**
 * A synthetic, deterministic registry of `count` topics for scale tests (750 mirrors
 * production). Every topic passes the linter: CDE keys, non-null orderBy, unique table names.
 * Topic `i` depends only on the seed and `i`, so a larger count extends a smaller one.
 *
 * @example
 * const topics = generateTopics({ count: 750, seed: 1 });
 * topics[0].topic; // 'engine-temperature-00000'
 */
export function generateTopics(options: GenerateTopicsOptions): TopicSchema[] {
  const topics: TopicSchema[] = [];
  for (let index = 0; index < options.count; index++) {
    topics.push(
      generateTopic(index, seededRandom(Math.imul(options.seed ^ 0x9e3779b9, 100_003) + index)),
    );
  }
  return topics;
}

function generateTopic(index: number, random: SeededRandom): TopicSchema {
  const family = FAMILIES[index % FAMILIES.length] ?? FAMILIES[0];
  if (!family) throw new RangeError('no topic families');
  const fifo = random.next() < 0.15;
  const keepLast = random.next() < 0.5;
  const fields: Record<string, FieldSpec> = {
    device_id: spec('string', false, true, 'Vehicle gateway serial number'),
    reading_seq: spec('long', false, true, 'Monotonic reading counter per device'),
    measured_at: spec('timestamp', false, true, 'When the device sampled the values (UTC)'),
  };
  const extras = random.int(3, 12);
  for (let i = 0; i < extras; i++) {
    const metric = family.metrics[i % family.metrics.length] ?? 'value';
    const path = `${family.group}.${metric}${i >= family.metrics.length ? `_${i}` : ''}`;
    const required = i === 0 && random.next() < 0.3;
    fields[path] = spec(
      random.pick(METRIC_TYPES),
      !required,
      required,
      `${family.group} ${metric} reading`,
    );
  }
  return {
    topic: `${family.name}-${String(index).padStart(5, '0')}`,
    version: 1,
    owner: family.owner,
    description: `Synthetic ${family.name.replaceAll('-', ' ')} telemetry #${index}`,
    queue: fifo ? 'fifo' : 'standard',
    dedup: keepLast
      ? { key: ['device_id', 'reading_seq'], keep: 'last', orderBy: 'measured_at' }
      : { key: ['device_id', 'reading_seq'], keep: 'first' },
    fields,
  };
}

function spec(type: string, nullable: boolean, cde: boolean, description: string): FieldSpec {
  return { type, nullable, cde, description };
}
