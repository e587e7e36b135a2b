import type { SourcePosition } from './types';

/**
 * Maps character offsets to 1-based line and column, built once per file so findings can be
 * located without rescanning the text.
 *
 * @example
 * createLineIndex('{\n  "a": 1\n}')(4); // { line: 2, column: 3 }
 */
export function createLineIndex(text: string): (offset: number) => SourcePosition {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) === 0x0a) lineStarts.push(i + 1);
  }
  return (offset) => {
    let low = 0;
    let high = lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if ((lineStarts[mid] ?? 0) <= offset) low = mid;
      else high = mid - 1;
    }
    return { line: low + 1, column: offset - (lineStarts[low] ?? 0) + 1 };
  };
}
