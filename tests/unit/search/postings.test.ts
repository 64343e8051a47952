import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BLOCK_SIZE, decodeBlock, encodeBlock, type Postings } from '@/db/search/postings';

const postingsArb = fc
  .array(
    fc.tuple(
      fc.oneof(fc.integer({ min: 1, max: 200 }), fc.integer({ min: 1, max: 2 ** 40 })),
      fc.oneof(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 2 ** 31 - 1 })),
      fc.oneof(fc.integer({ min: 1, max: 200 }), fc.integer({ min: 1, max: 2 ** 31 - 1 })),
    ),
    { minLength: 1, maxLength: BLOCK_SIZE },
  )
  .map((rows): Postings => {
    let id = 0;
    const postings: Postings = { ids: [], tfs: [], lengths: [] };
    for (const [gap, tf, length] of rows) {
      id += gap;
      postings.ids.push(id);
      postings.tfs.push(tf);
      postings.lengths.push(length);
    }
    return postings;
  });

describe('posting blocks', () => {
  it('decode to what was encoded, whatever the widths of ids, tfs and lengths', () => {
    fc.assert(
      fc.property(postingsArb, (postings) => {
        expect(decodeBlock(encodeBlock(postings, 0, postings.ids.length))).toEqual(postings);
      }),
      { numRuns: 300, seed: 29 },
    );
  });
});
