import type { ParsedDocument } from './types';

/**
 * Places where a passage may end and the next begin, ranked by how cleanly they separate the
 * text. A passage prefers to end at the strongest boundary it can reach.
 */
export const Strength = {
  /** A line break that does not end a sentence (a wrapped line, a list item). */
  Line: 1,
  Sentence: 2,
  /** A blank line or a page break. */
  Paragraph: 3,
  /** The start of a heading: a new section, so the next passage does not overlap into it. */
  Section: 4,
} as const;
export type Strength = (typeof Strength)[keyof typeof Strength];

const STRENGTHS = [Strength.Section, Strength.Paragraph, Strength.Sentence, Strength.Line];

const SENTENCE_END = /[.!?。！？…:;]["'”’)\]»]*\s*$/u;
const PARAGRAPH_BREAK = /\n[ \t]*\n\s*/g;

/** Sorted boundary offsets per strength; an offset is where the following text begins. */
export class Boundaries {
  private readonly byStrength = new Map<Strength, number[]>();

  constructor(doc: ParsedDocument) {
    const { text } = doc;
    const inside = (offset: number) => offset > 0 && offset < text.length;
    this.byStrength.set(
      Strength.Section,
      doc.headings.map((heading) => heading.charStart).filter(inside),
    );
    const paragraphs = doc.pages.slice(1).map((page) => page.charStart);
    for (const match of text.matchAll(PARAGRAPH_BREAK)) {
      paragraphs.push(match.index + match[0].length);
    }
    this.byStrength.set(Strength.Paragraph, paragraphs.filter(inside));
    const sentences: number[] = [];
    const lines: number[] = [];
    let previous = '';
    for (const { segment, index } of new Intl.Segmenter('und', { granularity: 'sentence' }).segment(
      text,
    )) {
      if (index > 0) (SENTENCE_END.test(previous) ? sentences : lines).push(index);
      previous = segment;
    }
    this.byStrength.set(Strength.Sentence, sentences);
    this.byStrength.set(Strength.Line, lines);
    for (const offsets of this.byStrength.values()) offsets.sort((a, b) => a - b);
  }

  /** The strongest boundary in [from, to], the last one among equals; null when there is none. */
  strongestLast(from: number, to: number): { offset: number; strength: Strength } | null {
    for (const strength of STRENGTHS) {
      const offsets = this.byStrength.get(strength)!;
      const i = lastIndexAtMost(offsets, to);
      if (i >= 0 && offsets[i] >= from) return { offset: offsets[i], strength };
    }
    return null;
  }

  /** The first boundary of any strength in [from, to); null when there is none. */
  first(from: number, to: number): number | null {
    let best: number | null = null;
    for (const offsets of this.byStrength.values()) {
      const i = lastIndexAtMost(offsets, from - 1) + 1;
      if (i < offsets.length && offsets[i] < to && (best === null || offsets[i] < best)) {
        best = offsets[i];
      }
    }
    return best;
  }
}

/** Index of the last element <= value in an ascending array, or -1. */
export function lastIndexAtMost(sorted: readonly number[], value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}
