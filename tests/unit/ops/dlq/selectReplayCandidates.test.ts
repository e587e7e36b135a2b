import fc from 'fast-check';
import {
  CLAIM_LEASE_MS,
  selectReplayCandidates,
} from '../../../../scripts/ops/dlq/selectReplayCandidates';
import type { ReplaySelection } from '../../../../scripts/ops/dlq/types';
import { indexItem } from '../../../helpers/replayItems';

const NOW = new Date('2026-11-25T12:00:00.000Z');
const registered = new Map([
  ['engine-temperature', { topic: 'engine-temperature', fifo: false }],
  ['door-events', { topic: 'door-events', fifo: true }],
]);
const all: ReplaySelection = { topics: [], messageIds: [], force: false };

describe('selectReplayCandidates', () => {
  it('selects ARCHIVED items of registered topics in topic then time order', () => {
    // Prepare
    const late = indexItem({ sent_at: '2026-11-25T11:00:00.000Z' });
    const early = indexItem({ sent_at: '2026-11-25T09:00:00.000Z' });
    const door = indexItem({ topic: 'door-events' });
    const replayed = indexItem({ status: 'REPLAYED' });

    // Act
    const { candidates, refused } = selectReplayCandidates(
      [late, replayed, door, early],
      all,
      registered,
      NOW,
    );

    // Assess
    expect(candidates.map((item) => item.message_id)).toEqual([
      door.message_id,
      early.message_id,
      late.message_id,
    ]);
    expect(refused).toEqual([]);
  });

  it('resuming a --force run skips what that run already sent, and only that', () => {
    const sentByTheRun = indexItem({ status: 'REPLAYED', replay_id: 'replay-a' });
    const sentEarlier = indexItem({ status: 'REPLAYED', replay_id: 'replay-0' });
    const notYet = indexItem({});

    const { candidates } = selectReplayCandidates(
      [sentByTheRun, sentEarlier, notYet],
      { ...all, force: true, resume: 'replay-a' },
      registered,
      NOW,
    );

    expect(candidates.map((item) => item.message_id).sort()).toEqual(
      [sentEarlier.message_id, notYet.message_id].sort(),
    );
  });

  it('refuses items of unregistered topics and of UNKNOWN, naming the reason', () => {
    const ghost = indexItem({ topic: 'ghost-topic' });
    const unknown = indexItem({ topic: 'UNKNOWN', error_code: 'UNKNOWN_SOURCE' });

    const { candidates, refused } = selectReplayCandidates([ghost, unknown], all, registered, NOW);

    expect(candidates).toEqual([]);
    expect(refused.map((entry) => [entry.topic, entry.code])).toEqual([
      ['ghost-topic', 'UNREGISTERED_TOPIC'],
      ['UNKNOWN', 'UNREGISTERED_TOPIC'],
    ]);
  });

  it('filters by time range (since inclusive, until exclusive), error code and message id', () => {
    const items = [
      indexItem({ message_id: 'a', sent_at: '2026-11-25T08:00:00.000Z' }),
      indexItem({ message_id: 'b', sent_at: '2026-11-25T09:00:00.000Z' }),
      indexItem({ message_id: 'c', sent_at: '2026-11-25T10:00:00.000Z' }),
      indexItem({
        message_id: 'd',
        sent_at: '2026-11-25T09:30:00.000Z',
        error_code: 'UNKNOWN_SOURCE',
      }),
    ];
    const window = { ...all, since: '2026-11-25T09:00:00.000Z', until: '2026-11-25T10:00:00.000Z' };

    expect(
      selectReplayCandidates(items, window, registered, NOW).candidates.map(
        (item) => item.message_id,
      ),
    ).toEqual(['b', 'd']);
    expect(
      selectReplayCandidates(
        items,
        { ...window, errorCode: 'DEAD_LETTERED' },
        registered,
        NOW,
      ).candidates.map((item) => item.message_id),
    ).toEqual(['b']);
    expect(
      selectReplayCandidates(
        items,
        { ...all, messageIds: ['c', 'zz'] },
        registered,
        NOW,
      ).candidates.map((item) => item.message_id),
    ).toEqual(['c']);
  });

  it('stops at the limit of items to send', () => {
    const items = Array.from({ length: 5 }, () => indexItem());

    expect(
      selectReplayCandidates(items, { ...all, limit: 2 }, registered, NOW).candidates,
    ).toHaveLength(2);
  });

  it('skips an item another run is sending now, even with --force', () => {
    const busy = indexItem({
      claim_id: 'replay-other',
      claimed_at: new Date(NOW.getTime() - 1000).toISOString(),
    });

    const { candidates, refused } = selectReplayCandidates(
      [busy],
      { ...all, force: true },
      registered,
      NOW,
    );

    expect(candidates).toEqual([]);
    expect(refused[0]?.code).toBe('BUSY');
  });

  it('reports an item left claimed by a dead run as IN_DOUBT, and selects it again only with --force', () => {
    const stale = indexItem({
      claim_id: 'replay-dead',
      claimed_at: new Date(NOW.getTime() - CLAIM_LEASE_MS - 1).toISOString(),
    });

    const normal = selectReplayCandidates([stale], all, registered, NOW);
    const forced = selectReplayCandidates([stale], { ...all, force: true }, registered, NOW);

    expect(normal.refused[0]?.code).toBe('IN_DOUBT');
    expect(normal.refused[0]?.reason).toContain(stale.sha256);
    expect(forced.candidates).toEqual([stale]);
  });

  it('with --force selects REPLAYED items too', () => {
    const replayed = indexItem({ status: 'REPLAYED', replay_id: 'r-1' });

    expect(
      selectReplayCandidates([replayed], { ...all, force: true }, registered, NOW).candidates,
    ).toEqual([replayed]);
  });
});

describe('selectReplayCandidates on arbitrary index contents', () => {
  it('never selects an unregistered topic, a REPLAYED item without --force, a live claim, or more than the limit', () => {
    const itemArbitrary = fc.record({
      topic: fc.constantFrom('engine-temperature', 'door-events', 'ghost-topic', 'UNKNOWN'),
      status: fc.constantFrom('ARCHIVED' as const, 'REPLAYED' as const),
      claimAgeMs: fc.option(fc.integer({ min: 0, max: 2 * CLAIM_LEASE_MS }), { nil: undefined }),
      message_id: fc.uuid(),
    });
    fc.assert(
      fc.property(
        fc.array(itemArbitrary, { maxLength: 30 }),
        fc.boolean(),
        fc.option(fc.integer({ min: 1, max: 10 }), { nil: undefined }),
        (raw, force, limit) => {
          const items = raw.map(({ claimAgeMs, ...fields }) =>
            indexItem({
              ...fields,
              ...(claimAgeMs !== undefined
                ? {
                    claim_id: 'other',
                    claimed_at: new Date(NOW.getTime() - claimAgeMs).toISOString(),
                  }
                : {}),
            }),
          );
          const { candidates, refused } = selectReplayCandidates(
            items,
            { ...all, force, ...(limit !== undefined ? { limit } : {}) },
            registered,
            NOW,
          );
          for (const item of candidates) {
            expect(registered.has(item.topic)).toBe(true);
            if (!force) expect(item.status).toBe('ARCHIVED');
            if (item.claimed_at !== undefined)
              expect(NOW.getTime() - Date.parse(item.claimed_at)).toBeGreaterThanOrEqual(
                CLAIM_LEASE_MS,
              );
          }
          if (limit !== undefined) expect(candidates.length).toBeLessThanOrEqual(limit);
          // Nothing selected disappears silently: it is a candidate or refused with a reason, unless cut by the limit.
          if (limit === undefined) {
            const eligible = items.filter((item) => force || item.status === 'ARCHIVED');
            expect(candidates.length + refused.length).toBe(eligible.length);
          }
        },
      ),
    );
  });
});
