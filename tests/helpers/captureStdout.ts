import { jest } from '@jest/globals';

/** The lines `run` writes to stdout (where Powertools writes EMF and log lines), not printed. */
export function captureStdout(run: () => void): string[] {
  const lines: string[] = [];
  const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: unknown) => {
    lines.push(...String(chunk).split('\n').filter(Boolean));
    return true;
  });
  try {
    run();
  } finally {
    spy.mockRestore();
  }
  return lines;
}
