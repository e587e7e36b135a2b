const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The JSONPath of the document root. */
export const ROOT_PATH = '$';

/**
 * Appends an object member to a JSONPath: `.name` for identifiers, `["a.b"]` otherwise, so
 * flattened field paths like `engine.coolant_c` stay one segment.
 *
 * @example
 * memberPath('$.fields', 'engine.coolant_c'); // '$.fields["engine.coolant_c"]'
 */
export function memberPath(parent: string, key: string): string {
  return IDENTIFIER.test(key) ? `${parent}.${key}` : `${parent}[${JSON.stringify(key)}]`;
}

/** Appends an array index to a JSONPath. */
export function indexPath(parent: string, index: number): string {
  return `${parent}[${index}]`;
}

/**
 * Converts a JSON Pointer (as ajv reports `instancePath`) to the JSONPath used in findings.
 *
 * @example
 * pointerToPath('/fields/engine.coolant_c/type'); // '$.fields["engine.coolant_c"].type'
 */
export function pointerToPath(pointer: string, arrayParents: ReadonlySet<string> = ARRAYS): string {
  if (pointer === '') return ROOT_PATH;
  let path = ROOT_PATH;
  for (const raw of pointer.slice(1).split('/')) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    path =
      /^(0|[1-9][0-9]*)$/.test(segment) && arrayParents.has(lastMember(path))
        ? indexPath(path, Number(segment))
        : memberPath(path, segment);
  }
  return path;
}

/** Arrays in a topic document: a numeric pointer segment under these is an index. */
const ARRAYS: ReadonlySet<string> = new Set(['key']);

function lastMember(path: string): string {
  const match = /\.([A-Za-z_][A-Za-z0-9_]*)$/.exec(path);
  return match?.[1] ?? '';
}
