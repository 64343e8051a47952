import type { PassageInput } from '../../db/search/index';
import { seededRandom } from './random';

export const SENTENCES_PER_PASSAGE = 4;
/** Passages are grouped into documents of this many, so document scoping has something to do. */
export const PASSAGES_PER_DOCUMENT = 100;

/**
 * The benchmark corpus: passage i (ids from 1) is 4 sentences drawn at random from SQuAD dev.
 * Yielded in batches so a million passages never sit in memory at once.
 */
export function* passageBatches(
  sentences: readonly string[],
  size: number,
  batchSize: number,
  seed: number,
): Generator<PassageInput[]> {
  const random = seededRandom(seed);
  for (let from = 1; from <= size; from += batchSize) {
    const batch: PassageInput[] = [];
    for (let id = from; id < Math.min(size + 1, from + batchSize); id++) {
      const parts: string[] = [];
      for (let s = 0; s < SENTENCES_PER_PASSAGE; s++) {
        parts.push(sentences[Math.floor(random() * sentences.length)]);
      }
      const documentId = `doc-${Math.floor((id - 1) / PASSAGES_PER_DOCUMENT)}`;
      batch.push({ id, documentId, text: parts.join(' ') });
    }
    yield batch;
  }
}
