import { runProcess } from '../../../scripts/ops/runProcess';

const node = process.execPath;

describe('runProcess', () => {
  it('collects stdout, hands out whole lines of both streams and passes stdin', async () => {
    const stdoutLines: string[] = [];
    const stderrLines: string[] = [];
    const script =
      "let s='';process.stdin.on('data',d=>s+=d).on('end',()=>{process.stdout.write('a\\nb'+s);process.stderr.write('x\\n\\n');process.stdout.write('\\nc');process.exit(3)})";
    const result = await runProcess(node, ['-e', script], {
      env: process.env,
      input: '!',
      onStdoutLine: (line) => stdoutLines.push(line),
      onStderrLine: (line) => stderrLines.push(line),
    });
    expect(result).toEqual({ code: 3, stdout: 'a\nb!\nc', stderr: 'x\n\n' });
    expect(stdoutLines).toEqual(['a', 'b!', 'c']);
    expect(stderrLines).toEqual(['x']);
  });

  it('keeps only the tail of a long stderr', async () => {
    const result = await runProcess(node, ['-e', "process.stderr.write('y'.repeat(5000)+'END')"], {
      env: process.env,
      stderrTailChars: 10,
    });
    expect(result.stderr).toBe('yyyyyyyEND');
    expect(result.code).toBe(0);
  });

  it('rejects when the command cannot start', async () => {
    await expect(runProcess('/no/such/python', [], { env: process.env })).rejects.toThrow(/ENOENT/);
  });
});
