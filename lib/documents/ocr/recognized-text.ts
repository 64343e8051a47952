import type { PageWord, RecognizedLine, RecognizedWord } from '../types';

/** The parts of Tesseract's result this reads (tesseract.js's Block, Paragraph, Line, Word). */
interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}
export interface OcrBlock {
  paragraphs: Array<{
    lines: Array<{ words: Array<{ text: string; confidence: number; bbox: Box }> }>;
  }>;
}

/**
 * Below this confidence, a word without a letter or digit is taken for a speck, a rule or the
 * edge of a picture rather than text: Tesseract reads such marks as `|`, `—` or `~`.
 */
const specksBelowConfidence = 60;

/**
 * Below this, Tesseract could make no word of what it saw at all: a contents page's leader dots
 * come out as "cecccerremccce" at 0. Dropping these cut the word error rate of the sample
 * contents pages by a third (bench:ocr) and cost real words next to nothing.
 */
const nonsenseBelowConfidence = 10;

/**
 * Tesseract's blocks as lines of words in reading order, each word's and line's box as fractions
 * of the picture. Specks and nonsense are left out, and so is a line of nothing else.
 */
export function recognizedLines(
  blocks: readonly OcrBlock[],
  width: number,
  height: number,
): RecognizedLine[] {
  const box = ({ x0, y0, x1, y1 }: Box): PageWord['box'] => [
    round(x0 / width),
    round(y0 / height),
    round(x1 / width),
    round(y1 / height),
  ];
  return blocks
    .flatMap((block) => block.paragraphs)
    .flatMap((paragraph, number) =>
      paragraph.lines.flatMap((line): RecognizedLine[] => {
        const words = line.words
          .filter((word) => isText(word.text, word.confidence))
          .map((word) => ({ text: word.text.trim(), box: box(word.bbox) }));
        return words.length > 0 ? [{ paragraph: number, words, box: around(words) }] : [];
      }),
    );
}

/** The box around the words' boxes. */
function around(words: readonly RecognizedWord[]): PageWord['box'] {
  return [
    Math.min(...words.map((word) => word.box[0])),
    Math.min(...words.map((word) => word.box[1])),
    Math.max(...words.map((word) => word.box[2])),
    Math.max(...words.map((word) => word.box[3])),
  ];
}

/**
 * Recognised lines as text: the words of a line joined by spaces, the lines of a paragraph as
 * prose (a word hyphenated at a line's end made whole), paragraphs apart by a blank line. Each
 * word keeps where it lies in the text and where it was seen.
 */
export function lineText(lines: readonly RecognizedLine[]): { text: string; words: PageWord[] } {
  let text = '';
  const words: PageWord[] = [];
  let paragraph: number | undefined;
  for (const line of lines) {
    line.words.forEach(({ text: token, box }, i) => {
      if (paragraph !== line.paragraph) {
        if (text) text += '\n\n';
        paragraph = line.paragraph;
      } else if (i > 0) {
        text += ' ';
      } else if (/\p{Ll}-$/u.test(text) && /^\p{Ll}/u.test(token)) {
        text = text.slice(0, -1);
        // The first half keeps its box; the hyphen it lost was its last character.
        const last = words.at(-1);
        if (last) last.charEnd = Math.min(last.charEnd, text.length);
      } else {
        text += ' ';
      }
      words.push({ charStart: text.length, charEnd: text.length + token.length, box });
      text += token;
    });
  }
  return { text, words };
}

function isText(word: string, confidence: number): boolean {
  const token = word.trim();
  if (token === '' || confidence < nonsenseBelowConfidence) return false;
  return confidence >= specksBelowConfidence || /[\p{L}\p{N}]/u.test(token);
}

function round(fraction: number): number {
  return Math.round(Math.min(1, Math.max(0, fraction)) * 10_000) / 10_000;
}
