import { isWidening } from './fieldType';
import { memberPath } from './jsonPath';
import type { ChangeClassification, ChangeDetail, FieldSpec, TopicSchema } from './types';

/**
 * Classifies how a topic changed between the base (e.g. the target branch) and head, by the
 * rules of docs/architecture.md §3, and lists every difference with its impact:
 *
 * - compatible: a new nullable non-CDE field; int → long, float → double, decimal precision up;
 *   description/owner changes; relaxing a field (nullable, or no longer CDE); a version bump.
 * - breaking: a removed or renamed field; any other type change; a field made non-nullable or
 *   CDE; a new non-nullable or CDE field (existing rows have no value); any dedup change; a
 *   queue kind change (it replaces the queue).
 *
 * `rebuild` is ignored: it is an instruction to the deployer, not part of the schema.
 *
 * @example
 * classifyChange(undefined, head).kind; // 'added'
 * classifyChange(base, { ...base, version: 2, fields: { ...base.fields, note: {
 *   type: 'string', nullable: true, cde: false, description: 'Free text' } } }).kind; // 'compatible'
 */
export function classifyChange(
  base: TopicSchema | undefined,
  head: TopicSchema | undefined,
): ChangeClassification {
  if (!base && !head) return { kind: 'none', details: [] };
  if (!base) return { kind: 'added', details: [] };
  if (!head) {
    return {
      kind: 'removed',
      details: [{ impact: 'breaking', path: '$', message: `topic "${base.topic}" removed` }],
    };
  }
  const details: ChangeDetail[] = [];
  const compatible = (path: string, message: string) =>
    details.push({ impact: 'compatible', path, message });
  const breaking = (path: string, message: string) =>
    details.push({ impact: 'breaking', path, message });

  if (base.queue !== head.queue) {
    breaking('$.queue', `queue ${base.queue} → ${head.queue} replaces the topic's queue`);
  }
  if (base.owner !== head.owner) compatible('$.owner', `owner ${base.owner} → ${head.owner}`);
  if (base.description !== head.description) compatible('$.description', 'description changed');
  compareDedup(base, head, compatible, breaking);
  compareFields(base, head, compatible, breaking);
  if (details.length === 0 && base.version !== head.version) {
    compatible('$.version', `version ${base.version} → ${head.version} with no schema change`);
  }
  const kind = details.some((detail) => detail.impact === 'breaking')
    ? 'breaking'
    : details.length > 0
      ? 'compatible'
      : 'none';
  return { kind, details };
}

type Note = (path: string, message: string) => void;

function compareDedup(
  base: TopicSchema,
  head: TopicSchema,
  compatible: Note,
  breaking: Note,
): void {
  const before = [...base.dedup.key].sort();
  const after = [...head.dedup.key].sort();
  if (before.length !== after.length || before.some((key, i) => key !== after[i])) {
    breaking(
      '$.dedup.key',
      `dedup key [${base.dedup.key.join(', ')}] → [${head.dedup.key.join(', ')}] changes which records are duplicates`,
    );
  }
  if (base.dedup.keep !== head.dedup.keep) {
    breaking(
      '$.dedup.keep',
      `dedup keep ${base.dedup.keep} → ${head.dedup.keep} changes which duplicate survives`,
    );
  }
  // orderBy only decides anything under keep "last" (keep "first" keeps the earliest arrival).
  const ordered = base.dedup.keep === 'last' || head.dedup.keep === 'last';
  if (ordered && base.dedup.orderBy !== head.dedup.orderBy) {
    breaking(
      '$.dedup.orderBy',
      `dedup orderBy ${base.dedup.orderBy ?? '(none)'} → ${head.dedup.orderBy ?? '(none)'} changes which duplicate survives`,
    );
  }
  if (!ordered && base.dedup.orderBy !== head.dedup.orderBy) {
    compatible(
      '$.dedup.orderBy',
      'dedup orderBy changed while keep is "first", where it is unused',
    );
  }
  // The window bounds which stored rows later runs compare with; stored rows stay as they are,
  // so no rebuild is needed either way.
  if (base.dedup.windowDays !== head.dedup.windowDays) {
    compatible(
      '$.dedup.windowDays',
      `dedup windowDays ${base.dedup.windowDays ?? '(all history)'} → ${head.dedup.windowDays ?? '(all history)'}: later runs compare new records with ${windowPhrase(head.dedup.windowDays)}`,
    );
  }
}

function windowPhrase(days: number | undefined): string {
  return days === undefined
    ? 'every stored record'
    : `records stored up to ${days} days before them`;
}

function compareFields(
  base: TopicSchema,
  head: TopicSchema,
  compatible: Note,
  breaking: Note,
): void {
  for (const [path, before] of Object.entries(base.fields)) {
    const at = memberPath('$.fields', path);
    const after = Object.hasOwn(head.fields, path) ? head.fields[path] : undefined;
    if (!after) {
      breaking(at, `field "${path}" removed (a rename is a removal plus an addition)`);
      continue;
    }
    compareField(path, at, before, after, compatible, breaking);
  }
  for (const [path, after] of Object.entries(head.fields)) {
    if (Object.hasOwn(base.fields, path)) continue;
    const at = memberPath('$.fields', path);
    if (after.nullable && !after.cde) {
      compatible(at, `field "${path}" added (nullable, not CDE)`);
    } else {
      breaking(
        at,
        `field "${path}" added as ${after.cde ? 'CDE' : 'non-nullable'}: rows already stored have no value for it`,
      );
    }
  }
}

function compareField(
  path: string,
  at: string,
  before: FieldSpec,
  after: FieldSpec,
  compatible: Note,
  breaking: Note,
): void {
  if (before.type !== after.type) {
    const message = `field "${path}" type ${before.type} → ${after.type}`;
    if (isWidening(before.type, after.type))
      compatible(memberPath(at, 'type'), `${message} (widening)`);
    else breaking(memberPath(at, 'type'), `${message} is not a widening Iceberg can apply`);
  }
  if (before.nullable !== after.nullable) {
    if (after.nullable) compatible(memberPath(at, 'nullable'), `field "${path}" made nullable`);
    else
      breaking(
        memberPath(at, 'nullable'),
        `field "${path}" made non-nullable: stored rows may hold nulls`,
      );
  }
  if (before.cde !== after.cde) {
    if (after.cde)
      breaking(
        memberPath(at, 'cde'),
        `field "${path}" made CDE: curated rows were not checked for it`,
      );
    else compatible(memberPath(at, 'cde'), `field "${path}" no longer CDE`);
  }
  if (before.description !== after.description) {
    compatible(memberPath(at, 'description'), `field "${path}" description changed`);
  }
}
