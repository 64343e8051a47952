/**
 * Word error rate: the word-level edit distance (substitutions, insertions, deletions) from the
 * reference to the hypothesis, over the reference's word count. Words are compared lower-cased
 * without punctuation, and a word hyphenated across a line break counts as the word.
 */
export function wordErrorRate(reference: string, hypothesis: string): number {
  const ref = words(reference);
  const hyp = words(hypothesis);
  if (ref.length === 0) return hyp.length === 0 ? 0 : 1;
  let previous = Array.from({ length: hyp.length + 1 }, (_, j) => j);
  for (let i = 1; i <= ref.length; i++) {
    const current = [i];
    for (let j = 1; j <= hyp.length; j++) {
      current[j] = Math.min(
        previous[j] + 1,
        current[j - 1] + 1,
        previous[j - 1] + (ref[i - 1] === hyp[j - 1] ? 0 : 1),
      );
    }
    previous = current;
  }
  return previous[hyp.length] / ref.length;
}

/**
 * The words misread whatever their order: the reference's and hypothesis's words as multisets,
 * what one has beyond the other, over the reference's word count. Beside the word error rate it
 * tells a misread word from a text layer whose reading order differs from the page's (a
 * sidebar's two columns read line by line across, say), which the word error rate counts too.
 */
export function unorderedErrorRate(reference: string, hypothesis: string): number {
  const ref = words(reference);
  if (ref.length === 0) return words(hypothesis).length === 0 ? 0 : 1;
  const left = new Map<string, number>();
  for (const word of ref) left.set(word, (left.get(word) ?? 0) + 1);
  let matched = 0;
  const hyp = words(hypothesis);
  for (const word of hyp) {
    const count = left.get(word) ?? 0;
    if (count > 0) {
      matched++;
      left.set(word, count - 1);
    }
  }
  return (Math.max(ref.length, hyp.length) - matched) / ref.length;
}

/** The reference's word count, to weigh pages when averaging. */
export function wordCount(text: string): number {
  return words(text).length;
}

function words(text: string): string[] {
  return text
    .replace(/(\p{Ll})-\s*\n\s*(\p{Ll})/gu, '$1$2')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s]/gu, ' ')
    .split(/\s+/)
    .filter(Boolean);
}
