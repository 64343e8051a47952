/**
 * A passage as the built-in answerer reads it: prose cut into whole sentences, and code and
 * tables kept as blocks, so that an answer never quotes half a sentence or a line of code as if
 * it were prose.
 */

export interface Unit {
  /**
   * A sentence of prose; a row of a table (quoted alone, on a line of its own); code; a
   * Markdown heading (never quoted, but it says what its passage is about).
   */
  kind: 'sentence' | 'row' | 'code' | 'heading';
  text: string;
  /** The passage's number, as the answer cites it. */
  n: number;
  /** The passage's place among the retrieved ones, from 0. */
  rank: number;
}

/** Abbreviations after which a full stop does not end a sentence. */
const abbreviation =
  /(?:^|[\s(])(?:e\.g|i\.e|et al|etc|cf|vs|viz|approx|fig|figs|eq|eqs|no|nos|vol|pp?|ch|sec|mr|mrs|ms|dr|prof|st|jr|sr|inc|ltd|co|corp|u\.s|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec|[\p{Lu}])\.$/iu;

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

/** Lines of prose as one string: a word hyphenated at a line break made whole again. */
function joinLines(lines: string[]): string {
  let text = '';
  for (const line of lines.map((l) => l.trim()).filter(Boolean)) {
    if (/\p{Ll}-$/u.test(text) && /^\p{Ll}/u.test(line)) text = text.slice(0, -1) + line;
    else text += text ? ` ${line}` : line;
  }
  return text.replace(/\s+/g, ' ');
}

/** Sentences of a paragraph of prose, split after . ! ? unless an abbreviation ends there. */
export function splitSentences(prose: string): string[] {
  const sentences: string[] = [];
  let start = 0;
  for (const match of prose.matchAll(/[.!?]["'”’)\]]*\s+(?=["'“‘([]?[\p{Lu}\p{N}])/gu)) {
    const end = match.index + match[0].trimEnd().length;
    if (abbreviation.test(prose.slice(start, match.index + 1))) continue;
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

/** The units of one passage, in its order. */
export function passageUnits(passage: { n: number; text: string }, rank: number): Unit[] {
  const units: Unit[] = [];
  const paragraphs = joinBrokenParagraphs(passage.text.split(/\n[ \t]*\n/));
  for (const [p, paragraph] of paragraphs.entries()) {
    const lines = paragraph.split('\n').filter((line) => line.trim());
    if (isHeading(paragraph) && lines.length === 1) {
      units.push({ kind: 'heading', text: paragraph.replace(/^#+\s+/, ''), n: passage.n, rank });
      continue;
    }
    const block = blockKind(lines);
    if (block === 'code') {
      units.push({ kind: 'code', text: lines.join('\n'), n: passage.n, rank });
      continue;
    }
    if (block === 'table') {
      for (const line of lines) units.push({ kind: 'row', text: line.trim(), n: passage.n, rank });
      continue;
    }
    const sentences = splitSentences(joinLines(lines));
    for (const [s, text] of sentences.entries()) {
      // A passage cut from the middle of a sentence: its first and last pieces are fragments.
      const cutAtStart = p === 0 && s === 0 && /^\p{Ll}/u.test(text);
      const cutAtEnd =
        p === paragraphs.length - 1 && s === sentences.length - 1 && !endsSentence.test(text);
      if (cutAtStart || cutAtEnd) continue;
      // A passage may start inside a sentence at a number ("29, 2018, a Boeing…"): quoted, it
      // says that something comes before.
      const startsInside = p === 0 && s === 0 && /^\p{N}[\p{N}.]*,/u.test(text);
      units.push({ kind: 'sentence', text: startsInside ? `…${text}` : text, n: passage.n, rank });
    }
  }
  return units;
}
