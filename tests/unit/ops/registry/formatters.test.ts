import {
  formatGithubAnnotations,
  formatLintText,
  lintRegistry,
} from '../../../../scripts/ops/registry';
import { aField, aRegistry, aTopic, withFields } from '../../../helpers/registryFactories';

const base = aTopic();
const report = lintRegistry(
  aRegistry(withFields(aTopic(), { 'engine.rpm': undefined, note: aField({ description: '' }) })),
  aRegistry(base),
);

describe('formatLintText', () => {
  it('shows each finding with its location and fix, the change, and a summary', () => {
    const text = formatLintText(report, { compared: true });

    expect(text).toContain('topics/engine-temperature.json (engine-temperature): breaking');
    expect(text).toContain('! field "engine.rpm" removed');
    expect(text).toMatch(/error VERSION_NOT_BUMPED \$\.version:3:3: /);
    expect(text).toContain('fix: set "version": 2');
    expect(text.trimEnd().split('\n').at(-1)).toBe(
      'FAILED: 1 topics, 2 errors, 1 warnings; changes: 0 none, 0 added, 0 compatible, 1 breaking, 0 removed',
    );
  });

  it('prints only the summary for a clean registry without a base', () => {
    expect(formatLintText(lintRegistry(aRegistry(base)), { compared: false })).toBe(
      'ok: 1 topics, 0 errors, 0 warnings\n',
    );
  });
});

describe('formatGithubAnnotations', () => {
  it('prints one workflow command per finding with escaped properties', () => {
    const lines = formatGithubAnnotations(report).trimEnd().split('\n');

    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(
      /^::(error|warning) file=topics\/engine-temperature\.json,line=\d+,col=\d+,title=[A-Z_]+ /,
    );
    expect(
      lines.some((line) => line.startsWith('::warning ') && line.includes('FIELD_UNDOCUMENTED')),
    ).toBe(true);
    // ":" and "," in properties would end the property list early
    expect(lines.find((line) => line.includes('BREAKING'))).toContain(
      'title=BREAKING_CHANGE_WITHOUT_REBUILD $.fields["engine.rpm"]::',
    );
    expect(
      lines.every(
        (line, i) => i === lines.length - 1 || !line.slice(2, line.indexOf('::', 2)).includes(':'),
      ),
    ).toBe(true);
  });

  it('escapes newlines and percent signs in messages', () => {
    const [topic] = report.topics;
    const [finding] = topic?.findings ?? [];
    if (!topic || !finding) throw new Error('the report fixture has no finding');
    const custom = {
      ...report,
      topics: [
        { ...topic, findings: [{ ...finding, file: 'a,b:c.json', message: '50% done\nnext' }] },
      ],
    };

    const [line] = formatGithubAnnotations(custom).split('\n');

    expect(line).toContain('file=a%2Cb%3Ac.json');
    expect(line).toContain('50%25 done%0Anext');
  });
});
