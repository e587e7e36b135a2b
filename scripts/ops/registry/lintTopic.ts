import {
  columnNameForField,
  isReservedColumn,
  MAX_QUEUE_NAME_LENGTH,
  queueNameForTopic,
  RESERVED_COLUMN_PREFIX,
  RESERVED_TABLE_NAMES,
  tableNameForTopic,
} from '../../../lambdas/common/naming';
import { FINDING_CODES } from './constants';
import { isFloatingPoint, isOrderable, isValidDecimal, parseFieldType } from './fieldType';
import { indexPath, memberPath } from './jsonPath';
import { makeFinding } from './makeFinding';
import type { FieldSpec, Finding, FindingCode, Severity, TopicFile, TopicSchema } from './types';

type Emit = (
  code: FindingCode,
  path: string,
  message: string,
  hint: string,
  severity?: Severity,
) => void;

/**
 * The rules that need one whole, schema-valid topic: file name, reserved and overlong names,
 * dedup key and order fields, CDE nullability, decimal bounds and column-name clashes.
 *
 * @example
 * const findings = lintTopic(registry.files[0], ['lean-ops-dev-topic-']);
 */
export function lintTopic(file: TopicFile, queuePrefixes: readonly string[]): Finding[] {
  const schema = file.schema;
  if (!schema) return [];
  const findings: Finding[] = [];
  const emit: Emit = (code, path, message, hint, severity = 'error') => {
    findings.push(
      makeFinding({
        code,
        file: file.file,
        path,
        message,
        hint,
        severity,
        position: file.locate(path),
      }),
    );
  };
  checkNames(file, schema, queuePrefixes, emit);
  checkDedup(schema, emit);
  checkFields(schema, emit);
  return findings;
}

function field(schema: TopicSchema, path: string): FieldSpec | undefined {
  // Own properties only: a field called "constructor" must not resolve to Object.prototype's.
  return Object.hasOwn(schema.fields, path) ? schema.fields[path] : undefined;
}

function checkNames(
  file: TopicFile,
  schema: TopicSchema,
  prefixes: readonly string[],
  emit: Emit,
): void {
  const expected = `${schema.topic}.json`;
  if (file.name !== expected) {
    emit(
      FINDING_CODES.FILE_NAME_MISMATCH,
      '$.topic',
      `file ${file.name} declares topic "${schema.topic}"`,
      `rename the file to ${expected} or set "topic" to "${file.name.replace(/\.json$/, '')}"`,
    );
  }
  const table = tableNameForTopic(schema.topic);
  if (RESERVED_TABLE_NAMES.includes(table)) {
    emit(
      FINDING_CODES.TOPIC_NAME_RESERVED,
      '$.topic',
      `topic "${schema.topic}" maps to the reserved shared table ${table}`,
      'choose another topic name',
    );
  }
  const longest = prefixes.reduce((a, b) => (b.length > a.length ? b : a), '');
  const queueName = queueNameForTopic(longest, schema);
  if (queueName.length > MAX_QUEUE_NAME_LENGTH) {
    const room = MAX_QUEUE_NAME_LENGTH - (queueName.length - schema.topic.length);
    emit(
      FINDING_CODES.QUEUE_NAME_TOO_LONG,
      '$.topic',
      `queue name ${queueName} is ${queueName.length} characters; SQS allows ${MAX_QUEUE_NAME_LENGTH}`,
      `shorten the topic name to at most ${Math.max(room, 0)} characters`,
    );
  }
}

function checkDedup(schema: TopicSchema, emit: Emit): void {
  schema.dedup.key.forEach((key, index) => {
    const at = indexPath('$.dedup.key', index);
    const spec = field(schema, key);
    if (!spec) {
      emit(
        FINDING_CODES.DEDUP_KEY_UNKNOWN_FIELD,
        at,
        `dedup key "${key}" is not a declared field`,
        'declare the field in "fields" or fix the key',
      );
      return;
    }
    if (spec.nullable) {
      emit(
        FINDING_CODES.DEDUP_KEY_NULLABLE,
        at,
        `dedup key "${key}" is nullable: records with a null key cannot be deduplicated`,
        `set "nullable": false (and "cde": true) on field "${key}"`,
      );
    } else if (!spec.cde) {
      emit(
        FINDING_CODES.DEDUP_KEY_NOT_CDE,
        at,
        `dedup key "${key}" is not a CDE, so a record missing it is not rejected explicitly`,
        `set "cde": true on field "${key}"`,
        'warning',
      );
    }
    if (isFloatingPoint(spec.type)) {
      emit(
        FINDING_CODES.DEDUP_KEY_FLOATING_POINT,
        at,
        `dedup key "${key}" is ${spec.type}: floating-point values do not compare reliably`,
        'key on a string, integer, decimal, date or timestamp field',
      );
    }
  });
  const orderBy = schema.dedup.orderBy;
  if (orderBy === undefined) return;
  if (schema.dedup.keep === 'first') {
    // Standardize keeps the earliest arrival for keep first; an orderBy there misleads readers.
    emit(
      FINDING_CODES.DEDUP_ORDER_BY_IGNORED,
      '$.dedup.orderBy',
      'orderBy is ignored with keep "first" (the earliest arrival survives)',
      'remove orderBy, or use keep "last" to keep the record with the greatest orderBy',
      'warning',
    );
    return;
  }
  const spec = field(schema, orderBy);
  const at = '$.dedup.orderBy';
  if (!spec) {
    emit(
      FINDING_CODES.DEDUP_ORDER_BY_UNKNOWN_FIELD,
      at,
      `dedup orderBy "${orderBy}" is not a declared field`,
      'declare the field in "fields" or fix orderBy',
    );
    return;
  }
  if (!isOrderable(spec.type)) {
    emit(
      FINDING_CODES.DEDUP_ORDER_BY_TYPE,
      at,
      `dedup orderBy "${orderBy}" is ${spec.type}; it must be a timestamp, int or long`,
      'order by an event timestamp or a per-device sequence number',
    );
  }
  if (spec.nullable) {
    emit(
      FINDING_CODES.DEDUP_ORDER_BY_NULLABLE,
      at,
      `dedup orderBy "${orderBy}" is nullable: a null cannot say which record is last`,
      `set "nullable": false (and "cde": true) on field "${orderBy}"`,
    );
  }
}

function checkFields(schema: TopicSchema, emit: Emit): void {
  const columns = new Map<string, string>();
  const paths = Object.keys(schema.fields);
  const declared = new Set(paths);
  for (const path of paths) {
    const spec = schema.fields[path];
    if (!spec) continue;
    const at = memberPath('$.fields', path);
    if (spec.cde && spec.nullable) {
      emit(
        FINDING_CODES.CDE_NULLABLE,
        memberPath(at, 'nullable'),
        `CDE field "${path}" is nullable`,
        'a critical data element must be present: set "nullable": false, or "cde": false',
      );
    }
    const type = parseFieldType(spec.type);
    if (type && !isValidDecimal(type)) {
      emit(
        FINDING_CODES.DECIMAL_OUT_OF_RANGE,
        memberPath(at, 'type'),
        `${spec.type} is out of range`,
        'use decimal(p,s) with 1 ≤ p ≤ 38 and 0 ≤ s ≤ p',
      );
    }
    if (spec.description.trim() === '') {
      emit(
        FINDING_CODES.FIELD_UNDOCUMENTED,
        memberPath(at, 'description'),
        `field "${path}" has no description`,
        'say what the value means and its unit',
        'warning',
      );
    }
    const column = columnNameForField(path).toLowerCase();
    if (isReservedColumn(column)) {
      emit(
        FINDING_CODES.FIELD_COLUMN_RESERVED,
        at,
        `field "${path}" becomes column ${column}; columns starting with "${RESERVED_COLUMN_PREFIX}" are the pipeline's own (_message_id, _dedup_key, _std_seq, ...)`,
        `rename the field so that it does not start with "${RESERVED_COLUMN_PREFIX}"`,
      );
    }
    const clash = columns.get(column);
    if (clash !== undefined) {
      emit(
        FINDING_CODES.COLUMN_NAME_COLLISION,
        at,
        `fields "${clash}" and "${path}" both become column ${column}`,
        'rename one of the fields (columns are lower-cased and "." becomes "__")',
      );
    } else {
      columns.set(column, path);
    }
    const segments = path.split('.');
    for (let i = 1; i < segments.length; i++) {
      const parent = segments.slice(0, i).join('.');
      if (declared.has(parent)) {
        emit(
          FINDING_CODES.FIELD_PATH_CONFLICT,
          at,
          `"${parent}" is declared as a value and also as the object holding "${path}"`,
          `declare the leaf fields under "${parent}" only, or remove "${path}"`,
        );
        break;
      }
    }
  }
}
