import fc from 'fast-check';
import { chunkRecords } from '../../../../lambdas/sqs-processor/chunkRecords';
import { extendFailuresToLaterGroupRecords } from '../../../../lambdas/sqs-processor/fifoGroupFailures';

describe('chunkRecords', () => {
  const record = (bytes: number) => ({ data: Buffer.alloc(bytes) });

  it('splits at 500 records per call', () => {
    const chunks = chunkRecords(Array.from({ length: 1_201 }, () => record(10)));
    expect(chunks.map((chunk) => chunk.length)).toEqual([500, 500, 201]);
  });

  it('splits before a record that would pass 4,000,000 bytes per call', () => {
    const million = 1_000_000;
    const chunks = chunkRecords([
      record(million),
      record(million),
      record(million),
      record(million),
      record(1),
    ]);
    expect(chunks.map((chunk) => chunk.length)).toEqual([4, 1]);
    const over = chunkRecords([
      record(million),
      record(million),
      record(million),
      record(million - 10),
      record(11),
    ]);
    expect(over.map((chunk) => chunk.length)).toEqual([4, 1]);
  });

  it('keeps order, loses nothing and respects both limits (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 50 }), { maxLength: 300 }),
        fc.integer({ min: 1, max: 20 }),
        (sizes, maxRecords) => {
          const records = sizes.map((size, index) => ({ data: Buffer.alloc(size), index }));
          const chunks = chunkRecords(records, { maxRecords, maxBytes: 100 });
          expect(chunks.flat().map((item) => item.index)).toEqual(
            records.map((item) => item.index),
          );
          for (const chunk of chunks) {
            expect(chunk.length).toBeGreaterThan(0);
            expect(chunk.length).toBeLessThanOrEqual(maxRecords);
            expect(chunk.reduce((sum, item) => sum + item.data.length, 0)).toBeLessThanOrEqual(100);
          }
        },
      ),
    );
  });
});

describe('extendFailuresToLaterGroupRecords', () => {
  it('fails every later record of a group after its first failure, and only that group', () => {
    const records = [
      { messageId: 'a1', messageGroupId: 'A' },
      { messageId: 'b1', messageGroupId: 'B' },
      { messageId: 'a2', messageGroupId: 'A' },
      { messageId: 'b2', messageGroupId: 'B' },
      { messageId: 'a3', messageGroupId: 'A' },
    ];
    expect([...extendFailuresToLaterGroupRecords(records, new Set(['a2']))].sort()).toEqual([
      'a2',
      'a3',
    ]);
  });

  it('leaves earlier records of the group alone', () => {
    const records = [
      { messageId: 'a1', messageGroupId: 'A' },
      { messageId: 'a2', messageGroupId: 'A' },
    ];
    expect([...extendFailuresToLaterGroupRecords(records, new Set(['a2']))]).toEqual(['a2']);
  });

  it('does not extend failures on standard queues (no group)', () => {
    const records = [{ messageId: 's1' }, { messageId: 's2' }];
    expect([...extendFailuresToLaterGroupRecords(records, new Set(['s1']))]).toEqual(['s1']);
  });
});
