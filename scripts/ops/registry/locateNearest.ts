import { ROOT_PATH } from './jsonPath';
import type { SourcePosition } from './types';

/**
 * The position of a JSONPath, or of its closest enclosing value when the path itself is absent
 * (a missing key, a removed field).
 *
 * @example
 * locateNearest('$.fields.gone.type', file.locate); // position of $.fields
 */
export function locateNearest(
  path: string,
  locate: (path: string) => SourcePosition | undefined,
): SourcePosition | undefined {
  let current = path;
  while (true) {
    const position = locate(current);
    if (position || current === ROOT_PATH) return position;
    const cut = Math.max(current.lastIndexOf('.'), current.lastIndexOf('['));
    current = cut > 0 ? current.slice(0, cut) : ROOT_PATH;
  }
}
