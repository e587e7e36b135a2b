import { DlqStatus } from '../../../lambdas/dlq-archiver/constants';
import {
  type NotReplayed,
  NotReplayedCode,
  type ReplayableItem,
  type ReplaySelection,
  type ReplayTopic,
} from './types';

/** How long a claim protects an item from other runs; an older claim is left in doubt. */
export const CLAIM_LEASE_MS = 5 * 60_000;

export interface CandidateSelection {
  /** Items to send, in topic then time order, at most `limit`. */
  candidates: ReplayableItem[];
  /** Selected but refused before sending (unregistered topic, claimed by another run). */
  refused: NotReplayed[];
}

function notReplayed(item: ReplayableItem, code: NotReplayedCode, reason: string): NotReplayed {
  return { topic: item.topic, message_id: item.message_id, sk: item.sk, code, reason };
}

/**
 * Decides which index items a replay sends, from items already read with the selection's key
 * conditions. Pure: no I/O. Filters again on every criterion (a Scan or a loose key range may
 * return more), refuses topics that are not registered, and skips items another run holds:
 * a fresh claim is BUSY; an expired one is IN_DOUBT (its run died between claim and mark, the
 * message may have been sent) and goes again only with `force`.
 *
 * @example
 * selectReplayCandidates(items, { topics: ['gps'], messageIds: [], force: false }, registered, now);
 */
export function selectReplayCandidates(
  items: readonly ReplayableItem[],
  selection: ReplaySelection,
  registered: ReadonlyMap<string, ReplayTopic>,
  now: Date,
): CandidateSelection {
  const topics = new Set(selection.topics);
  const messageIds = new Set(selection.messageIds);
  const matching = items
    .filter((item) => topics.size === 0 || topics.has(item.topic))
    .filter((item) => messageIds.size === 0 || messageIds.has(item.message_id))
    .filter((item) => selection.errorCode === undefined || item.error_code === selection.errorCode)
    .filter((item) => selection.since === undefined || item.sk >= selection.since)
    .filter((item) => selection.until === undefined || item.sk < selection.until)
    .filter((item) => selection.force || item.status === DlqStatus.ARCHIVED)
    // a resumed run never sends again what it sent before its interrupt, --force or not
    .filter((item) => selection.resume === undefined || item.replay_id !== selection.resume)
    .sort((a, b) => a.topic.localeCompare(b.topic) || a.sk.localeCompare(b.sk));

  const candidates: ReplayableItem[] = [];
  const refused: NotReplayed[] = [];
  for (const item of matching) {
    if (selection.limit !== undefined && candidates.length >= selection.limit) break;
    if (!registered.has(item.topic)) {
      refused.push(
        notReplayed(
          item,
          NotReplayedCode.UNREGISTERED_TOPIC,
          `topic ${item.topic} is not in the topic registry: no queue to send to`,
        ),
      );
      continue;
    }
    if (item.claim_id !== undefined) {
      const claimedAt = Date.parse(item.claimed_at ?? '');
      const fresh = Number.isFinite(claimedAt) && now.getTime() - claimedAt < CLAIM_LEASE_MS;
      if (fresh) {
        refused.push(
          notReplayed(
            item,
            NotReplayedCode.BUSY,
            `replay ${item.claim_id} is sending it now (claimed ${item.claimed_at})`,
          ),
        );
        continue;
      }
      if (!selection.force) {
        refused.push(
          notReplayed(
            item,
            NotReplayedCode.IN_DOUBT,
            `replay ${item.claim_id} claimed it at ${item.claimed_at} and never finished: it may have been sent; check RAW for payload_sha256 ${item.sha256}, then rerun with --force --message-id ${item.message_id} if absent`,
          ),
        );
        continue;
      }
    }
    candidates.push(item);
  }
  return { candidates, refused };
}
