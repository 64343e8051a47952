import { createCanvas, ImageData } from '@napi-rs/canvas';
import UTIF from 'utif';
import { openPdf } from '@/lib/documents/parse/pdf';
import { renderPage } from '@/lib/documents/parse/pdf-render';
import type { GrayImage } from '@/lib/documents/types';
import { buildPdf } from './pdf';

/** Which pages of a PDF: `count` of them from page `first`. */
export interface PageRange {
  first: number;
  count: number;
}

/** A PDF's pages (all by default) drawn in grey at `dpi`, as Folio draws a page it recognises. */
export async function drawPdfPages(
  bytes: Uint8Array,
  dpi: number,
  { first, count }: PageRange = { first: 1, count: Number.POSITIVE_INFINITY },
): Promise<GrayImage[]> {
  const { pdf } = await openPdf(bytes);
  try {
    const pictures: GrayImage[] = [];
    const last = Math.min(pdf.numPages, first + count - 1);
    for (let number = first; number <= last; number++) {
      const page = await pdf.getPage(number);
      pictures.push(await renderPage(pdf, page, dpi).finally(() => page.cleanup()));
    }
    return pictures;
  } finally {
    await pdf.destroy();
  }
}

/**
 * An image-only copy of a PDF's pages (all by default), as a scanner would make it: each page
 * drawn at `dpi` and kept as one picture, with no text layer, so the original's text is what OCR
 * should read.
 */
export async function scannedCopy(
  bytes: Uint8Array,
  dpi: number,
  pages?: PageRange,
): Promise<Uint8Array> {
  const pictures = await drawPdfPages(bytes, dpi, pages);
  return buildPdf({ pages: pictures.map(() => []), pictures });
}

/** A grey picture encoded as a PNG, JPEG or WebP file, by the canvas Folio decodes them with. */
export function encodePicture(picture: GrayImage, format: 'png' | 'jpeg' | 'webp'): Uint8Array {
  const canvas = createCanvas(picture.width, picture.height);
  const rgba = new Uint8ClampedArray(picture.width * picture.height * 4);
  picture.pixels.forEach((value, i) => {
    rgba.fill(value, i * 4, i * 4 + 3);
    rgba[i * 4 + 3] = 255;
  });
  canvas.getContext('2d').putImageData(new ImageData(rgba, picture.width, picture.height), 0, 0);
  return new Uint8Array(
    format === 'png' ? canvas.encodeSync('png') : canvas.encodeSync(format, 90),
  );
}

/** Grey pictures as the pages of one TIFF file, uncompressed, as a scanner may save them. */
export function tiffOf(pictures: GrayImage[]): Uint8Array {
  // The directories fit in the first kilobyte; the pixels follow, page after page.
  let offset = 1024;
  const directories = pictures.map(({ width, height }) => {
    const directory = {
      t256: [width],
      t257: [height],
      t258: [8],
      t259: [1],
      t262: [1],
      t273: [offset],
      t277: [1],
      t278: [height],
      t279: [width * height],
    };
    offset += width * height;
    return directory;
  });
  const head = new Uint8Array(UTIF.encode(directories as unknown as UTIF.IFD[]));
  const file = new Uint8Array(offset);
  file.set(head);
  let at = 1024;
  for (const picture of pictures) {
    file.set(picture.pixels, at);
    at += picture.pixels.length;
  }
  return file;
}
