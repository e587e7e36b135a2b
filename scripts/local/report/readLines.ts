import { createReadStream, existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

/** Streams the JSON lines of a file (never the whole file in memory). */
export async function* readJsonLines<T>(path: string): AsyncGenerator<T> {
  const lines = createInterface({
    input: createReadStream(path),
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  for await (const line of lines) {
    if (line.trim() !== '') yield JSON.parse(line) as T;
  }
}

/** Every `*.ndjson` file below `dir`, with its path relative to `dir`. */
export function listNdjson(dir: string, relative = ''): string[] {
  if (!existsSync(join(dir, relative))) return [];
  const found: string[] = [];
  for (const entry of readdirSync(join(dir, relative), { withFileTypes: true })) {
    const path = join(relative, entry.name);
    if (entry.isDirectory()) found.push(...listNdjson(dir, path));
    else if (entry.name.endsWith('.ndjson')) found.push(path);
  }
  return found.sort();
}
