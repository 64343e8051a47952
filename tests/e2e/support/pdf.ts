import { buildPdf } from '../../support/pdf';

/**
 * A small real PDF: one page per entry, its text wrapped into lines, so pdf.js on the server
 * extracts it and pdf.js in the browser draws it.
 */
export function makePdf(pages: string[]): Buffer {
  const wrap = (text: string) => text.match(/.{1,68}(\s|$)/g)?.map((l) => l.trim()) ?? [];
  return Buffer.from(
    buildPdf({
      pages: pages.map((text) =>
        wrap(text).map((line, i) => ({ text: line, x: 72, y: 740 - i * 16, size: 12 })),
      ),
    }),
  );
}
