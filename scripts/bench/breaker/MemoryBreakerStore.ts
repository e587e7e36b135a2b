import type { BreakerRecord } from '../../../lambdas/circuit-breaker/types';

/** The breaker table's contract (conditional write on the version read), in memory. */
export class MemoryBreakerStore {
  readonly items = new Map<string, BreakerRecord>();

  async get(topic: string): Promise<BreakerRecord | undefined> {
    const item = this.items.get(topic);
    return item === undefined ? undefined : structuredClone(item);
  }

  async list(): Promise<BreakerRecord[]> {
    return [...this.items.values()].map((item) => structuredClone(item));
  }

  async write(next: BreakerRecord, expectedVersion: number): Promise<boolean> {
    if ((this.items.get(next.topic)?.version ?? 0) !== expectedVersion) return false;
    this.items.set(next.topic, structuredClone(next));
    return true;
  }
}
