import { createReadStream } from 'node:fs';
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
