import {
  buildReplayPlan,
  parseReplayPlan,
  restrictToPlan,
} from '../../../../scripts/ops/dlq/replayPlan';
import { indexItem } from '../../../helpers/replayItems';

const TARGETS = {
  indexTable: 'lean-ops-prod-dlq-index',
  archiveBucket: 'lean-ops-prod-archive-123456789012',
  queueNamePrefix: 'lean-ops-prod-topic-',
};
const NOW = new Date('2026-12-07T22:00:00Z');

describe('restrictToPlan: a planned run sends what its dry run saw, nothing else', () => {
  it('keeps planned candidates, drops unplanned ones, and names planned ones that changed', () => {
    const planned = indexItem({});
    const replayedSince = indexItem({});
    const bodyChanged = indexItem({});
    const gone = indexItem({});
    const plan = buildReplayPlan(TARGETS, false, [planned, replayedSince, bodyChanged, gone], NOW);
    const archivedLater = indexItem({});

    const { candidates, refused } = restrictToPlan(
      {
        candidates: [planned, { ...bodyChanged, sha256: 'f'.repeat(64) }, archivedLater],
        refused: [],
      },
      plan,
    );

    expect(candidates).toEqual([planned]);
    expect(refused.map((entry) => [entry.message_id, entry.code]).sort()).toEqual(
      [
        [replayedSince.message_id, 'PLAN_CHANGED'],
        [bodyChanged.message_id, 'PLAN_CHANGED'],
        [gone.message_id, 'PLAN_CHANGED'],
      ].sort(),
    );
  });

  it('a forced plan pins the replay count: an item replayed again since is not sent', () => {
    const item = indexItem({ status: 'REPLAYED', replay_count: 1 });
    const plan = buildReplayPlan(TARGETS, true, [item], NOW);

    const again = restrictToPlan({ candidates: [{ ...item, replay_count: 2 }], refused: [] }, plan);
    const same = restrictToPlan({ candidates: [item], refused: [] }, plan);

    expect(again.candidates).toEqual([]);
    expect(again.refused[0]?.code).toBe('PLAN_CHANGED');
    expect(same.candidates).toEqual([item]);
  });

  it('a resumed planned run does not report what it already sent', () => {
    const sent = indexItem({});
    const plan = buildReplayPlan(TARGETS, false, [sent], NOW);

    const resumed = restrictToPlan({ candidates: [], refused: [] }, plan, [sent]);

    expect(resumed).toEqual({ candidates: [], refused: [] });
  });
});

describe('parseReplayPlan', () => {
  const text = JSON.stringify(buildReplayPlan(TARGETS, false, [indexItem({})], NOW));

  it('reads a plan made for these targets', () => {
    expect(parseReplayPlan(text, 'p.json', TARGETS).items).toHaveLength(1);
  });

  it.each([
    [{ ...TARGETS, archiveBucket: 'lean-ops-prod-archive-999999999999' }, /made for archiveBucket/],
    [{ ...TARGETS, indexTable: 'lean-ops-dev-dlq-index' }, /made for indexTable/],
  ])('refuses a plan of another deployment or account (%#)', (targets, message) => {
    expect(() => parseReplayPlan(text, 'p.json', targets)).toThrow(message);
  });

  it.each([
    ['not json', /is not a replay plan/],
    ['{"version":2,"items":[]}', /not a replay plan of version 1/],
  ])('refuses %s', (bad, message) => {
    expect(() => parseReplayPlan(bad, 'p.json', TARGETS)).toThrow(message);
  });
});
