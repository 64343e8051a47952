/**
 * The pages of a PDF or a scan joined into one text: running lines left out, words hyphenated at
 * a line break made whole again, compounds keeping their hyphen, and a sentence that runs over a
 * page break joined as one.
 */
import type { Page, PageReading, PageWord } from '../types';
import { type PageParts, withoutRunningLines } from './running-lines';

/** Where a page lies in the joined text; how it was read is the caller's to add. */
type PageSpan = Pick<Page, 'number' | 'charStart' | 'charEnd'>;

/** A word, then a hyphen at the end of a line, then the rest of the word on the next line. */
const brokenWord = /(\p{L}[\p{L}\p{M}'’]*)-\n+(\p{L}[\p{L}\p{M}]*)/gu;

/** Every word of the text as written, hyphenated compounds whole too, in lower case. */
function vocabulary(texts: readonly string[]): Set<string> {
  const words = new Set<string>();
  for (const text of texts) {
    for (const word of text.toLowerCase().match(/\p{L}+(?:-\p{L}+)*/gu) ?? []) {
      words.add(word);
      if (word.includes('-')) for (const part of word.split('-')) words.add(part);
    }
  }
  return words;
}

/**
 * How a word broken at a hyphen and a line break is written whole: as the document writes it
 * elsewhere ("representation", "TraceMonkey", "mixed-mode"); failing that, joined when it
 * goes on in lower case (a syllable break, by far the most common) and hyphenated when it goes
 * on with a capital ("Soekarno-Hatta").
 */
function mend(head: string, tail: string, words: Set<string>): string {
  const joined = `${head}${tail}`;
  const hyphenated = `${head}-${tail}`;
  const lower = (s: string) => s.toLowerCase();
  if (words.has(lower(hyphenated)) && !words.has(lower(joined))) return hyphenated;
  if (words.has(lower(joined))) return joined;
  return /^\p{Ll}/u.test(tail) ? joined : hyphenated;
}

const endsSentence = /[.!?:;]["'”’)\]]*\s*$/u;

/**
 * Joins page texts into the document's text, with each page's place in it. A page break inside
 * a sentence becomes a space, one inside a word nothing, and the word's rest moves to the page
 * it starts on; any other page break is a blank line.
 */
export function joinPages(contents: readonly string[]): { text: string; pages: PageSpan[] } {
  // Line breaks within a page hold no hyphenated word that is seen whole elsewhere on it.
  const unbroken = contents.map((content) => content.replace(brokenWord, ''));
  const words = vocabulary(unbroken);
  const texts = contents.map((content) =>
    content.replace(brokenWord, (_, head: string, tail: string) => mend(head, tail, words)),
  );
  const pages: PageSpan[] = [];
  let text = '';
  let previous: PageSpan | undefined; // the last page with text
  for (const [i, raw] of texts.entries()) {
    let content = raw;
    if (content && text) {
      // Only the end of the text so far is looked at: it may be megabytes long.
      const end = text.slice(-200);
      const head = /(\p{L}[\p{L}\p{M}'’]*)-$/u.exec(end);
      const tail = /^\p{L}[\p{L}\p{M}]*/u.exec(content);
      let mended = false;
      if (head && tail) {
        // The word broken over the page break stays whole on the page it starts on.
        const whole = mend(head[1], tail[0], words);
        text = text.slice(0, text.length - end.length + head.index) + whole;
        if (previous) previous.charEnd = text.length;
        content = content.slice(tail[0].length).replace(/^[ \t]+/, '');
        mended = true;
      }
      const goesOn = mended || (!endsSentence.test(text) && /^\p{Ll}/u.test(content));
      if (content) text += goesOn ? ' ' : '\n\n';
    }
    const page = { number: i + 1, charStart: text.length, charEnd: text.length + content.length };
    pages.push(page);
    if (content) previous = page;
    text += content;
  }
  return { text, pages };
}

/**
 * Pages read apart (from a text layer or by OCR) as the document's text: their running lines
 * left out, the pages joined, and the words OCR read moved to where their text went.
 */
export function joinReadPages(read: ReadonlyArray<{ parts: PageParts; reading: PageReading }>): {
  text: string;
  pages: Page[];
} {
  const contents = withoutRunningLines(read.map((page) => page.parts));
  const { text, pages: spans } = joinPages(contents.map((content) => content.text));
  const pages = spans.map((span, i): Page => {
    const { reading } = read[i];
    const { words } = contents[i];
    if (!words) return { ...span, reading };
    const joined = text.slice(span.charStart, span.charEnd);
    return { ...span, reading, words: placeWords(contents[i].text, joined, words) };
  });
  return { text, pages };
}

/**
 * The words' offsets moved from a page's text as read to the page's text as joined into the
 * document, which mends words hyphenated at line and page breaks: it only takes characters out
 * (a hyphen and line break, the rest of a word that went to the page before), and may add the
 * rest of a word from the next page at the end. So each character read is found, in order, in
 * what was joined, or was taken out; a word taken out whole keeps no length.
 */
function placeWords(read: string, joined: string, words: readonly PageWord[]): PageWord[] {
  // Where each character read went in the joined text (or would have, had it stayed).
  const at = new Int32Array(read.length + 1);
  let j = 0;
  for (let i = 0; i < read.length; i++) {
    at[i] = j;
    if (j < joined.length && read[i] === joined[j]) j++;
  }
  at[read.length] = j;
  return words.map((word) => ({
    ...word,
    charStart: at[word.charStart],
    charEnd: at[word.charEnd],
  }));
}
