/**
 * The source numbers an answer cites, as [n] or [n, m], kept only where a source with that
 * number exists: a made-up number must never look like a real citation.
 */
export function citedNumbers(answer: string, sourceCount: number): number[] {
  const cited = new Set<number>();
  for (const match of answer.matchAll(/\[(\d+(?:\s*,\s*\d+)*)\]/g)) {
    for (const part of match[1].split(',')) {
      const n = Number(part.trim());
      if (n >= 1 && n <= sourceCount) cited.add(n);
    }
  }
  return [...cited].sort((a, b) => a - b);
}

/** Sources marked cited or not by the answer text, with the checked citation numbers. */
export function markCited<S extends { n: number }>(sources: S[], answer: string) {
  const citations = citedNumbers(answer, sources.length);
  return { citations, sources: sources.map((s) => ({ ...s, cited: citations.includes(s.n) })) };
}
