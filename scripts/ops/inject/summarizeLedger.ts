import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { Fault, TerminalState } from './faults';
import type { LedgerEntry } from './publish';

/** What a ledger file holds, counted from the file itself. */
export interface LedgerSummary {
  /** Ledger lines (= messages SQS accepted). */
  messages: number;
  /** Per expected terminal state, every state present (0 when none). */
  perExpected: Record<string, number>;
  /** Per injected fault (`NONE` = a clean message), every fault present. */
  perFault: Record<string, number>;
  /** Per topic (`UNKNOWN` for the stray queue), in name order. */
  perTopic: Record<string, number>;
  /** sha256 of the file's bytes. */
  sha256: string;
}

const zeroes = (keys: readonly string[]) => Object.fromEntries(keys.map((key) => [key, 0]));

/**
 * Streams a ledger (NDJSON, one {@link LedgerEntry} a line) and counts its messages per expected
 * terminal state, per fault and per topic, with the sha256 of its bytes. Memory stays flat
 * whatever the ledger's size.
 *
 * @example
 * const { perExpected, sha256 } = await summarizeLedger('.run/inject/…/ledger.ndjson');
 */
export async function summarizeLedger(path: string): Promise<LedgerSummary> {
  const hash = createHash('sha256');
  const decoder = new StringDecoder('utf8');
  const perExpected: Record<string, number> = zeroes(Object.values(TerminalState));
  const perFault: Record<string, number> = zeroes(Object.values(Fault));
  const perTopic = new Map<string, number>();
  let messages = 0;
  let rest = '';
  const count = (line: string) => {
    if (line.trim() === '') return;
    const entry = JSON.parse(line) as LedgerEntry;
    messages++;
    perExpected[entry.expected] = (perExpected[entry.expected] ?? 0) + 1;
    perFault[entry.fault] = (perFault[entry.fault] ?? 0) + 1;
    perTopic.set(entry.topic, (perTopic.get(entry.topic) ?? 0) + 1);
  };
  for await (const chunk of createReadStream(path)) {
    hash.update(chunk as Buffer);
    const lines = (rest + decoder.write(chunk as Buffer)).split('\n');
    rest = lines.pop() ?? '';
    for (const line of lines) count(line);
  }
  count(rest + decoder.end());
  return {
    messages,
    perExpected,
    perFault,
    perTopic: Object.fromEntries([...perTopic].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
    sha256: hash.digest('hex'),
  };
}
