/**
 * A passage as the built-in answerer reads it: prose cut into whole sentences, and code and
 * tables kept as blocks, so that an answer never quotes half a sentence or a line of code as if
 * it were prose.
 */

import { isStopWord } from './terms';

export interface Unit {
  /**
   * A sentence of prose; a row of a table (quoted alone, on a line of its own); code; a
   * heading (never quoted, but it says what its passage is about).
   */
  kind: 'sentence' | 'row' | 'code' | 'heading';
  text: string;
  /** The passage's number, as the answer cites it. */
  n: number;
  /** The passage's place among the retrieved ones, from 0. */
  rank: number;
  /**
   * A sentence the passage cuts: it starts inside it (`start`, the text is the sentence's end)
   * or ends inside it (`end`, the text is its beginning). `mendCutSentences` makes it whole from
   * a passage that overlaps it, or leaves it out.
   */
  cut?: 'start' | 'end';
}

/**
 * Abbreviations after which a full stop does not end a sentence: words cut short ("approx.",
 * "Fig.", "Dr."), letters each with its stop ("e.g.", "O.S."), a single initial ("Silas B.
 * Cobb"), after a space or an opening bracket ("[O.S. 28 June]").
 */
const abbreviation =
  /(?:^|[\s([{"'“‘])(?:e\.g|i\.e|et al|cf|vs|viz|approx|resp|incl|esp|ibid|fig|figs|eq|eqs|no|nos|vol|pp?|ch|sec|min|max|hrs?|ft|lbs?|sq|ed|eds|mr|mrs|ms|dr|prof|st|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec|\p{L})\.$/iu;
/**
 * Abbreviations that also end sentences ("…in the U.S.", "…S.W.A.T. That same year"): a full
 * stop after one ends the sentence only when a word that begins sentences, not a name, follows.
 */
export const endingAbbreviation =
  /(?:^|[\s([{"'“‘])(?:\p{L}(?:\.\p{L})+|etc|inc|ltd|co|corp|jr|sr)\.$/iu;

/**
 * What a sentence never ends with, as it always comes before a word: a single capital initial,
 * a title ("Dr."), "e.g.", "Fig.". Search may still end a passage there ("…like Silas B." and
 * the next passage "…Silas B. Cobb who…"): such a passage's last sentence is cut.
 */
const leadsOn =
  /(?:^|[\s([])(?:\p{Lu}|[Dd]r|Mrs?|Ms|Prof|[Ff]igs?|[Nn]os?|e\.g|i\.e|cf|vs|viz)\.$/u;

/** A line of code: assignments, comments, braces, statement ends, or an instruction mnemonic. */
const codeLine =
  /(:=|\/\/|\/\*|^\s*[{}]|[{};]\s*$|^\s*(?:mov|add|sub|cmp|jmp|jne|je|call|push|pop|ret|ld|st|and|or|xor|test|lea)\s+\S+,|^\s*(?:function|var|let|const|for|while|if|return|def|class)\b.*[({:=]|^\s*\w+\([^)]*\)\s*;?\s*$)/;

/** A table row: dot leaders between cells, or a line that is mostly numbers and amounts. */
function tableRow(line: string): boolean {
  if (/\.{4,}/.test(line)) return true;
  const numbers = line.match(/(?:^|\s)[$€£]?\d[\d,.]*[%x]?(?=\s|$)/g)?.length ?? 0;
  return numbers >= 3 && numbers >= 0.4 * line.split(/\s+/).length;
}

function blockKind(lines: string[]): 'code' | 'table' | undefined {
  if (lines.length < 2) return undefined;
  const share = (test: (line: string) => boolean) => lines.filter(test).length / lines.length;
  if (share((line) => codeLine.test(line)) >= 0.5) return 'code';
  if (share(tableRow) >= 0.5) return 'table';
  return undefined;
}

/**
 * A footnote mark set after a word's punctuation ("the interim action.6 The FAA", "alert,5 and"):
 * left out of the sentence, where it would hide the sentence's end.
 */
const noteMark = /(?<=\p{Ll}{2}[.,;:])\d{1,2}(?=\s)/gu;

/**
 * Lines of prose as one string: a word hyphenated at a line break made whole again, footnote
 * marks left out.
 */
function joinLines(lines: string[]): string {
  let text = '';
  for (const line of lines.map((l) => l.trim()).filter(Boolean)) {
    if (/\p{Ll}-$/u.test(text) && /^\p{Ll}/u.test(line)) text = text.slice(0, -1) + line;
    else text += text ? ` ${line}` : line;
  }
  return text.replace(noteMark, '').replace(/\s+/g, ' ');
}

/**
 * Sentences of a paragraph of prose, split after . ! ? unless an abbreviation ends there. A
 * sentence may begin in lower case (a name written so: "regexp-dna is…") after a full stop
 * that ends a word of three letters or more.
 */
export function splitSentences(prose: string): string[] {
  const sentences: string[] = [];
  let start = 0;
  for (const match of prose.matchAll(/[.!?]["'”’)\]]*\s+(?=["'“‘([]?([\p{L}\p{N}]))/gu)) {
    const end = match.index + match[0].trimEnd().length;
    const before = prose.slice(start, match.index + 1);
    if (abbreviation.test(before)) continue;
    if (endingAbbreviation.test(before)) {
      const next = /^["'“‘([]?(\p{L}+)/u.exec(prose.slice(match.index + match[0].length));
      if (!next || !isStopWord(next[1].toLowerCase())) continue;
    }
    if (/\p{Ll}/u.test(match[1]) && !/(?:^|\s)\p{Ll}{3,}\.$/u.test(before)) continue;
    sentences.push(prose.slice(start, end).trim());
    start = match.index + match[0].length;
  }
  sentences.push(prose.slice(start).trim());
  return sentences.filter(Boolean);
}

const endsSentence = /[.!?:;]["'”’)\]]*$/u;
const isHeading = (paragraph: string) => /^#{1,6}\s/.test(paragraph);

/**
 * Paragraphs as written: a lone footnote mark ("4") left out, and a paragraph that stops
 * without ending its sentence joined to the next when that goes on in lower case (a page's
 * layout put a break there, not the writer).
 */
function joinBrokenParagraphs(paragraphs: string[]): string[] {
  const joined: string[] = [];
  for (const paragraph of paragraphs.map((p) => p.trim())) {
    if (!paragraph || /^\d{1,3}$/.test(paragraph)) continue;
    const last = joined.at(-1);
    const broken = last !== undefined && !endsSentence.test(last) && !isHeading(last);
    if (broken && /^\p{Ll}/u.test(paragraph)) {
      joined[joined.length - 1] = `${last} ${paragraph}`;
    } else joined.push(paragraph);
  }
  return joined;
}

/**
 * A line of a PDF's layout that titles what follows ("Background", "(c) Applicability", "3.1
 * Traces"): a few words, each longer one capitalised, no closing punctuation, after a sentence's
 * end and before a capital. Joined to its neighbours it would begin or end a sentence.
 */
function titlesWhatFollows(line: string, previous: string | undefined, next: string | undefined) {
  const lineWords = line.trim().split(/\s+/);
  const longer = lineWords.filter((word) => /^\P{L}*\p{L}{4,}/u.test(word));
  return (
    lineWords.length <= 8 &&
    longer.length > 0 &&
    longer.every((word) => /^\P{L}*\p{Lu}/u.test(word)) &&
    !/[.,;:!?\-–—]$/u.test(line.trim()) &&
    (previous === undefined || endsSentence.test(previous.trim())) &&
    next !== undefined &&
    /^\P{L}*[\p{Lu}\p{N}]/u.test(next.trim())
  );
}

/** The units of one passage, in its order; the sentences it cuts marked `cut`. */
export function passageUnits(passage: { n: number; text: string }, rank: number): Unit[] {
  const units: Unit[] = [];
  const unit = (kind: Unit['kind'], text: string): Unit => ({ kind, text, n: passage.n, rank });
  const paragraphs = joinBrokenParagraphs(passage.text.split(/\n[ \t]*\n/));
  for (const [p, paragraph] of paragraphs.entries()) {
    const lines = paragraph.split('\n').filter((line) => line.trim());
    if (isHeading(paragraph) && lines.length === 1) {
      units.push(unit('heading', paragraph.replace(/^#+\s+/, '')));
      continue;
    }
    const block = blockKind(lines);
    if (block === 'code') {
      units.push(unit('code', lines.join('\n')));
      continue;
    }
    if (block === 'table') {
      for (const line of lines) units.push(unit('row', line.trim()));
      continue;
    }
    let prose: string[] = [];
    const endProse = () => {
      for (const text of splitSentences(joinLines(prose))) units.push(unit('sentence', text));
      prose = [];
    };
    for (const [l, line] of lines.entries()) {
      const next = lines[l + 1] ?? paragraphs[p + 1];
      if (titlesWhatFollows(line, lines[l - 1], next)) {
        endProse();
        units.push(unit('heading', line.trim()));
      } else prose.push(line);
    }
    endProse();
  }
  // A passage cut from the middle of a sentence: its first and last pieces are fragments.
  const [first, last] = [units[0], units.at(-1)];
  if (first?.kind === 'sentence' && /^(?:\p{Ll}|\p{N}[\p{N}.]*,)/u.test(first.text)) {
    first.cut = 'start';
  }
  if (last?.kind === 'sentence' && (!endsSentence.test(last.text) || leadsOn.test(last.text))) {
    // A piece cut at both ends cannot be made whole.
    if (last.cut) units.pop();
    else last.cut = 'end';
  }
  return units;
}

/** The least overlap, in characters, by which two passages' pieces of a sentence are one. */
const minOverlap = 20;

/**
 * The sentences the passages cut, made whole where another passage overlaps them (neighbouring
 * chunks of a document share some text: one ends "On October 29, 2018, a Boeing…", the next
 * begins "29, 2018, a Boeing… resulting in 189 fatalities."), cited to the passage holding the
 * larger part. A piece nothing mends is left out, except one that starts at a number ("29, 2018,
 * a Boeing…"): quoted, it says with "…" that something comes before.
 */
export function mendCutSentences(units: Unit[]): Unit[] {
  /** The whole sentence, by the piece that stands for it; the other piece is merged away. */
  const mended = new Map<Unit, Unit>();
  const merged = new Set<Unit>();
  const ends = units.filter((u) => u.cut === 'end');
  for (const start of units.filter((u) => u.cut === 'start')) {
    const end = ends.find(
      (e) =>
        e.n !== start.n &&
        !merged.has(e) &&
        !mended.has(e) &&
        overlapOf(e.text, start.text) >= minOverlap,
    );
    if (!end) continue;
    const text = end.text + start.text.slice(overlapOf(end.text, start.text));
    const [kept, other] = start.text.length >= end.text.length ? [start, end] : [end, start];
    mended.set(kept, { kind: 'sentence', text, n: kept.n, rank: kept.rank });
    merged.add(other);
  }
  return units.flatMap((u): Unit[] => {
    const whole = mended.get(u);
    if (whole) return [whole];
    if (u.cut === 'start' && !merged.has(u) && /^\p{N}/u.test(u.text)) {
      return [{ ...u, text: `…${u.text}`, cut: undefined }];
    }
    return u.cut ? [] : [u];
  });
}

/** The length of the longest end of `a` that `b` begins with. */
function overlapOf(a: string, b: string): number {
  for (let length = Math.min(a.length, b.length); length > 0; length--) {
    if (a.endsWith(b.slice(0, length))) return length;
  }
  return 0;
}
