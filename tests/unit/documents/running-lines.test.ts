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
