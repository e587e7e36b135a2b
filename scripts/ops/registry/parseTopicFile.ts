import { FINDING_CODES, MAX_JSON_DEPTH } from './constants';
import { decodeTopicText } from './decodeTopicText';
import { ROOT_PATH } from './jsonPath';
import { createLineIndex } from './lineIndex';
import { makeFinding } from './makeFinding';
import { parseJsonStrict } from './parseJsonStrict';
import type { SourceFile, SourcePosition, TopicFile } from './types';
import { validateTopicDocument } from './validateTopicDocument';

const nowhere = (): SourcePosition | undefined => undefined;

/**
 * Turns the bytes of one topic file into a {@link TopicFile}: decoding, strict JSON parsing and
 * JSON Schema validation. Never throws on bad content: every problem becomes a finding, and
 * `schema` is set only when the document passed the JSON Schema.
 *
 * @example
 * const file = parseTopicFile({ file: 'x/alarms.json', name: 'alarms.json', bytes, findings: [] });
 * if (file.schema) console.log(file.schema.version);
 */
export function parseTopicFile(source: SourceFile): TopicFile {
  const stem = source.name.replace(/\.json$/, '');
  const result: TopicFile = {
    file: source.file,
    name: source.name,
    topicName: stem,
    findings: [...source.findings],
    locate: nowhere,
  };
  if (!source.bytes) return result;

  const decoded = decodeTopicText(source.file, source.bytes);
  result.findings.push(...decoded.findings);
  if (decoded.text === undefined) return result;

  const text = decoded.text;
  let lineIndex: ((offset: number) => SourcePosition) | undefined;
  const lineAt = (offset: number) => {
    lineIndex ??= createLineIndex(text);
    return lineIndex(offset);
  };
  let parsed = parseJsonStrict(text, MAX_JSON_DEPTH, { trackOffsets: false });
  if (parsed.ok && parsed.duplicateKeys.length > 0) {
    parsed = parseJsonStrict(text, MAX_JSON_DEPTH, { trackOffsets: true });
  }
  if (!parsed.ok) {
    const position = lineAt(parsed.offset);
    result.findings.push(
      makeFinding({
        code: parsed.kind === 'depth' ? FINDING_CODES.JSON_TOO_DEEP : FINDING_CODES.JSON_SYNTAX,
        file: source.file,
        path: ROOT_PATH,
        message: `invalid JSON at line ${position.line}, column ${position.column}: ${parsed.message}`,
        hint:
          parsed.kind === 'depth'
            ? 'a topic file nests 4 levels deep; remove the deeply nested value'
            : 'fix the JSON syntax (a JSON-aware editor shows the exact spot)',
        position,
      }),
    );
    return result;
  }

  const document = parsed.value;
  let offsets = parsed.duplicateKeys.length > 0 ? parsed.offsets : undefined;
  const locate = (path: string): SourcePosition | undefined => {
    // Positions are needed only for files with findings: track them on first use.
    if (!offsets) {
      const tracked = parseJsonStrict(text, MAX_JSON_DEPTH, { trackOffsets: true });
      offsets = tracked.ok ? tracked.offsets : new Map();
    }
    const offset = offsets.get(path);
    return offset === undefined ? undefined : lineAt(offset);
  };
  result.locate = locate;
  const declared = (document as { topic?: unknown } | null)?.topic;
  if (typeof declared === 'string' && declared.length > 0 && declared.length <= 200) {
    result.topicName = declared;
  }
  for (const duplicate of parsed.duplicateKeys) {
    result.findings.push(
      makeFinding({
        code: FINDING_CODES.JSON_DUPLICATE_KEY,
        file: source.file,
        path: duplicate.path,
        message: 'key appears more than once in the same object; tools disagree on which wins',
        hint: 'keep one occurrence of the key',
        position: lineAt(duplicate.offset),
      }),
    );
  }
  const validated = validateTopicDocument(source.file, document, locate);
  result.findings.push(...validated.findings);
  // A BOM or a duplicate key is an error, yet the document is still linted and compared.
  if (validated.schema) result.schema = validated.schema;
  return result;
}
