import {
  createOutput,
  EXIT_CODES,
  type OutputStreams,
  runCommand,
  UsageError,
} from '../../../scripts/cli/output';

function capture(options: { tty?: boolean; ci?: string } = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const streams: OutputStreams = {
    stdout: { write: (chunk: string) => out.push(chunk) },
    stderr: { write: (chunk: string) => err.push(chunk), isTTY: options.tty ?? false },
    env: { CI: options.ci },
  };
  return { streams, out, err };
}

describe('createOutput', () => {
  it('writes the text rendering in text mode and the data in JSON mode', () => {
    const text = capture();
    const json = capture();

    createOutput(false, text.streams).result({ a: 1 }, () => 'a is 1\n');
    createOutput(true, json.streams).result({ a: 1 }, () => 'a is 1\n');

    expect(text.out.join('')).toBe('a is 1\n');
    expect(JSON.parse(json.out.join(''))).toEqual({ a: 1 });
  });

  it('reports errors on stderr in text mode and as a versioned JSON document in JSON mode', () => {
    const text = capture();
    const json = capture();

    createOutput(false, text.streams).error(new UsageError('bad flag'));
    createOutput(true, json.streams).error(new UsageError('bad flag'));

    expect(text.err.join('')).toBe('lean-ops: bad flag\n');
    expect(text.out).toEqual([]);
    expect(JSON.parse(json.out.join(''))).toEqual({
      version: 1,
      ok: false,
      error: { name: 'UsageError', message: 'bad flag' },
    });
  });

  it('shows progress only on a TTY, outside CI, in text mode', () => {
    const cases = [
      { tty: true, ci: undefined, json: false, shown: true },
      { tty: false, ci: undefined, json: false, shown: false },
      { tty: true, ci: 'true', json: false, shown: false },
      { tty: true, ci: undefined, json: true, shown: false },
    ];
    for (const { tty, ci, json, shown } of cases) {
      const { streams, err } = capture({ tty, ci });
      createOutput(json, streams).progress('working');
      expect(err.length > 0).toBe(shown);
    }
  });
});

describe('runCommand', () => {
  afterEach(() => {
    process.exitCode = undefined;
  });

  it('sets the exit code the body returns', async () => {
    const { streams } = capture();

    const code = await runCommand(createOutput(false, streams), () => EXIT_CODES.FINDINGS);

    expect(code).toBe(1);
    expect(process.exitCode).toBe(1);
  });

  it('turns a thrown error into exit 2 reported through the output', async () => {
    const { streams, err } = capture();

    const code = await runCommand(createOutput(false, streams), async () => {
      throw new Error('disk on fire');
    });

    expect(code).toBe(2);
    expect(err.join('')).toBe('lean-ops: disk on fire\n');
  });
});
