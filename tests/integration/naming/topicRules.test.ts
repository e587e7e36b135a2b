import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import {
  DEFAULT_QUEUE_PREFIXES,
  lintTopic,
  registryFromSources,
} from '../../../scripts/ops/registry';
import { repoRoot } from '../../../scripts/ops/repoRoot';

// The linter gates topic files in CI (scripts/ops/registry); the Glue jobs parse the same files at
// run time (glue-jobs/lean_ops_glue/topic_schema.py). A file one accepts and the other refuses is
// either a job failing on a file CI let through, or a job working on a file CI would stop. The
// same files go through both; every verdict must match.
//
// Rules only the linter has, by design, and so left out here: file-level syntax (duplicate keys,
// encoding, size, depth), documentation (owner, description), the queue-name length under each
// environment's prefix, and the rules across topics and against the base (duplicates, version
// bumps, rebuilds). The jobs read one parsed file of a registry that passed them.

const root = repoRoot();

const field = (type: string, nullable: boolean, cde: boolean) => ({
  type,
  nullable,
  cde,
  description: 'what it means',
});

const base = {
  topic: 'rules',
  version: 1,
  owner: 'platform',
  description: 'a topic for the rule comparison',
  queue: 'standard',
  dedup: { key: ['device_id'], keep: 'last', orderBy: 'event_time' },
  fields: {
    device_id: field('string', false, true),
    event_time: field('timestamp', false, true),
    reading: field('double', true, false),
    'source.module': field('string', true, false),
  },
};
type Topic = typeof base & Record<string, unknown>;

function variant(change: (topic: Topic) => void): Topic {
  const copy = structuredClone(base) as Topic;
  change(copy);
  return copy;
}

const withField = (path: string, spec: unknown) =>
  variant((topic) => {
    (topic.fields as Record<string, unknown>)[path] = spec;
  });

const cases: { name: string; text: string }[] = [];
function add(label: string, topic: Topic, text = JSON.stringify(topic)) {
  const name = `${label}.json`;
  cases.push({ name, text: text.replace('"topic":"rules"', `"topic":"${label}"`) });
}

add('valid', base);
add('version-float', base, JSON.stringify(base).replace('"version":1', '"version":2.0'));
add('nested-underscore', withField('engine._raw', field('string', true, false)));
add('upper-case-alone', withField('Speed', field('int', true, false)));
add('decimal-widest', withField('amount', field('decimal(38,38)', true, false)));
add(
  'keep-first-order-by',
  variant((topic) => {
    topic.dedup = { key: ['device_id'], keep: 'first', orderBy: 'event_time' };
  }),
);
add(
  'version-zero',
  variant((topic) => {
    topic.version = 0;
  }),
);
add('version-fraction', base, JSON.stringify(base).replace('"version":1', '"version":1.5'));
add('version-string', base, JSON.stringify(base).replace('"version":1', '"version":"1"'));
add('path-dash', withField('engine-rpm', field('int', true, false)));
add('path-empty-step', withField('a..b', field('int', true, false)));
add('path-trailing-newline', withField('speed\n', field('int', true, false)));
add('reserved-column', withField('_message_id', field('string', true, false)));
add('reserved-column-nested', withField('_meta.source', field('string', true, false)));
add('type-unknown', withField('x', field('varchar', true, false)));
add('decimal-too-wide', withField('x', field('decimal(39,2)', true, false)));
add('decimal-scale', withField('x', field('decimal(5,6)', true, false)));
add('decimal-space', withField('x', field('decimal(10, 2)', true, false)));
add('nullable-string', withField('x', { type: 'int', nullable: 'yes', description: 'x' }));
add('cde-nullable', withField('x', field('int', true, true)));
add(
  'columns-collide',
  variant((topic) => {
    Object.assign(topic.fields, {
      'a.b': field('int', true, false),
      a__b: field('int', true, false),
    });
  }),
);
add(
  'columns-collide-case',
  variant((topic) => {
    Object.assign(topic.fields, {
      Speed: field('int', true, false),
      speed: field('int', true, false),
    });
  }),
);
add('path-conflict', withField('source', field('string', true, false)));
add(
  'key-nullable',
  variant((topic) => {
    topic.fields.device_id = field('string', true, false);
  }),
);
add(
  'key-floating',
  variant((topic) => {
    topic.dedup = { key: ['reading'], keep: 'first' } as Topic['dedup'];
    topic.fields.reading = field('double', false, true);
  }),
);
add(
  'key-unknown',
  variant((topic) => {
    topic.dedup.key = ['vin'];
  }),
);
add(
  'key-empty',
  variant((topic) => {
    topic.dedup.key = [];
  }),
);
add(
  'keep-unknown',
  variant((topic) => {
    topic.dedup.keep = 'middle';
  }),
);
add(
  'keep-last-no-order',
  variant((topic) => {
    topic.dedup = { key: ['device_id'], keep: 'last' } as Topic['dedup'];
  }),
);
add(
  'order-by-string',
  variant((topic) => {
    topic.dedup.orderBy = 'device_id';
  }),
);
add(
  'order-by-nullable',
  variant((topic) => {
    topic.fields.event_time = field('timestamp', true, false);
  }),
);
// The dedup window: an integer number of days from 1 to 3650, or absent.
for (const [label, days] of [
  ['window-7', 7],
  ['window-3650', 3650],
  ['window-0', 0],
  ['window-3651', 3651],
  ['window-fraction', 1.5],
  ['window-true', true],
  ['window-text', '7'],
] as const) {
  add(
    label,
    variant((topic) => {
      (topic.dedup as Record<string, unknown>).windowDays = days;
    }),
  );
}
add(
  'fields-empty',
  variant((topic) => {
    topic.fields = {} as Topic['fields'];
  }),
);
// The file name and the topic disagree; and a topic that maps onto a shared error table.
cases.push({ name: 'renamed.json', text: JSON.stringify(base) });
cases.push({
  name: 'raw_errors.json',
  text: JSON.stringify({ ...base, topic: 'raw_errors' }),
});

function linterAccepts(name: string, text: string): { accepted: boolean; codes: string[] } {
  const [file] = registryFromSources([
    { file: name, name, bytes: new TextEncoder().encode(text), findings: [] },
  ]).files;
  if (!file) throw new Error(`no parse of ${name}`);
  const errors = [...file.findings, ...lintTopic(file, DEFAULT_QUEUE_PREFIXES)].filter(
    (finding) => finding.severity === 'error',
  );
  return { accepted: errors.length === 0, codes: errors.map((finding) => finding.code) };
}

function jobVerdicts(): { name: string; accepted: boolean; reason: string }[] {
  const result = spawnSync(
    join(root, '.venv', 'bin', 'python'),
    [join(root, 'tests', 'integration', 'naming', 'python_topic_rules.py')],
    {
      input: JSON.stringify(cases),
      encoding: 'utf8',
      env: { ...process.env, PYTHONPATH: join(root, 'glue-jobs') },
    },
  );
  if (result.status !== 0) throw new Error(`python_topic_rules.py failed: ${result.stderr}`);
  return JSON.parse(result.stdout);
}

describe('the linter and the Glue jobs judge topic files alike', () => {
  const job = jobVerdicts();

  it('are fed files both accept and files both refuse', () => {
    const accepted = job.filter((verdict) => verdict.accepted).map((verdict) => verdict.name);
    expect(accepted).toEqual([
      'valid.json',
      'version-float.json',
      'nested-underscore.json',
      'upper-case-alone.json',
      'decimal-widest.json',
      'keep-first-order-by.json',
      'window-7.json',
      'window-3650.json',
    ]);
  });

  it.each(cases.map((topicCase, index) => [topicCase.name, index] as const))(
    '%s',
    (name, index) => {
      const topicCase = cases[index];
      if (!topicCase) throw new Error(name);
      const linter = linterAccepts(topicCase.name, topicCase.text);
      const verdict = job[index];
      // On a mismatch the diff shows the job's reason and the linter's error codes side by side.
      expect({
        name,
        jobAccepts: verdict?.accepted,
        jobReason: verdict?.reason,
        linterCodes: linter.codes,
      }).toEqual({
        name,
        jobAccepts: linter.accepted,
        jobReason: expect.any(String),
        linterCodes: expect.any(Array),
      });
    },
  );
});
