import { describe, expect, it } from 'vitest';
import { recognizedParts, withoutRunningLines } from '@/lib/documents/parse/running-lines';
import type { PageWord, RecognizedLine } from '@/lib/documents/types';

/** A recognised line of Tesseract's paragraph `paragraph`, its words sharing the line's box. */
const line = (paragraph: number, text: string, box: PageWord['box']): RecognizedLine => ({
  paragraph,
  words: text.split(' ').map((word) => ({ text: word, box })),
  box,
});

describe('the edges of a recognised page', () => {
  it('keep body text set low on the page where it is read', () => {
    // A scanned leaflet's foot: a sidebar read before the last paragraph, whose closing line sits
    // lower still; each line is set apart from the one above, in the page's bottom seventh.
    const page = [
      line(1, 'mutations that are linked', [0.1, 0.87, 0.5, 0.89]),
      line(1, 'to breast cancer are on the', [0.1, 0.91, 0.5, 0.93]),
      line(0, 'For more information, talk to your doctor or', [0.1, 0.48, 0.8, 0.5]),
      line(0, 'call Cancer Council 13 11 20.', [0.1, 0.955, 0.6, 0.975]),
    ];
    const [{ text }] = withoutRunningLines([recognizedParts(page)]);
    expect(text).toBe(
      'mutations that are linked to breast cancer are on the\n\nFor more information, talk to your doctor or call Cancer Council 13 11 20.',
    );
  });
});

describe('running lines that OCR misread', () => {
  /**
   * A scanned page: a line set apart at its top (a running header's size and place unless
   * given), over a paragraph of two lines.
   */
  const page = (top: string, body: string, topBox: PageWord['box'] = [0.1, 0.05, 0.6, 0.07]) =>
    recognizedParts([
      line(0, top, topBox),
      line(1, body, [0.1, 0.2, 0.9, 0.23]),
      line(1, 'and so on.', [0.1, 0.24, 0.5, 0.27]),
    ]);

  it('are left out though no two pages read them alike', () => {
    const pages = withoutRunningLines([
      page('Chapter 3 · The Keepers', 'One'),
      page('Chapter 3 - The Kcepers', 'Two'),
      page('Chapler 3 · The Keepers', 'Three'),
      page('Chapter 3 · The Keeperz', 'Four'),
    ]);
    expect(pages.map((p) => p.text)).toEqual(
      ['One', 'Two', 'Three', 'Four'].map((first) => `${first} and so on.`),
    );
  });

  it('are told from a line at the edge that says something else in like words', () => {
    // A chapter's title under the chapter's running header; a line at the edge of a leaflet's
    // page beside its running "What is cancer?", as Tesseract read both on the shared PDFs.
    const header = 'Chapter 3 · The Keepers';
    const pages = withoutRunningLines([
      page('The Keepers', 'One'),
      page(header, 'Two'),
      page(header, 'Three'),
      page('What is cancer?', 'Four'),
      page('What is cancer?', 'Five'),
      page('with cancer', 'Six'),
    ]);
    expect(pages.map((p) => p.text)).toEqual([
      'The Keepers\n\nOne and so on.',
      'Two and so on.',
      'Three and so on.',
      'Four and so on.',
      'Five and so on.',
      'with cancer\n\nSix and so on.',
    ]);
  });

  it('are told from a heading at the edge that reads like them but is set larger', () => {
    // A chapter's opening page, with no running header, starts with its title at the top; the
    // other pages' running header is the title but for a letter, in letters half its size.
    const pages = withoutRunningLines([
      page('Treatments', 'One', [0.1, 0.04, 0.5, 0.08]),
      page('Treatment', 'Two'),
      page('Treatrnent', 'Three'),
      page('Treatment', 'Four'),
    ]);
    expect(pages.map((p) => p.text)).toEqual([
      'Treatments\n\nOne and so on.',
      'Two and so on.',
      'Three and so on.',
      'Four and so on.',
    ]);
  });
});
