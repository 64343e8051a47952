import { createCanvas, ImageData } from '@napi-rs/canvas';
import UTIF from 'utif';
import { openPdf } from '@/lib/documents/parse/pdf';
import { renderPage } from '@/lib/documents/parse/pdf-render';
import type { GrayImage } from '@/lib/documents/types';
import { buildPdf } from './pdf';

/** Every page of a PDF drawn in grey at `dpi`, as Folio draws a page it recognises. */
export async function drawPdfPages(bytes: Uint8Array, dpi: number): Promise<GrayImage[]> {
  const { pdf } = await openPdf(bytes);
  try {
    const pictures: GrayImage[] = [];
    for (let number = 1; number <= pdf.numPages; number++) {
      const page = await pdf.getPage(number);
      pictures.push(await renderPage(pdf, page, dpi).finally(() => page.cleanup()));
    }
    return pictures;
  } finally {
    await pdf.destroy();
  }
}

/**
 * An image-only copy of a PDF, as a scanner would make it: each page drawn at `dpi` and kept
 * as one picture, with no text layer, so the original's text is what OCR should read.
 */
export async function scannedCopy(bytes: Uint8Array, dpi: number): Promise<Uint8Array> {
  const pictures = await drawPdfPages(bytes, dpi);
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
