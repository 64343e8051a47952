import type { GrayImage } from '../types';

/**
 * The pixel budget of one page's picture. At 300 dpi a Letter or A4 page is 8.4-8.7 million
 * pixels; a larger page is drawn at a lower resolution rather than at a larger cost in memory
 * (its grey picture, and the OCR engine's own copies of it, grow with it).
 */
const maxPagePixels = 12_000_000;

/** The resolution Tesseract reads best at; a scan is never drawn finer than it. */
export const ocrDpi = 300;

/** The scale that fits width × height into the pixel budget, never above `scale`. */
export function scaleWithinBudget(width: number, height: number, scale: number): number {
  const pixels = width * height * scale * scale;
  return pixels > maxPagePixels ? scale * Math.sqrt(maxPagePixels / pixels) : scale;
}

/** RGBA pixels (as a canvas or a decoder gives them) in grey, laid on white where transparent. */
export function grayFromRgba(
  rgba: Uint8Array | Uint8ClampedArray,
  width: number,
  height: number,
  dpi?: number,
): GrayImage {
  const pixels = new Uint8Array(width * height);
  for (let i = 0, j = 0; i < pixels.length; i++, j += 4) {
    // ITU-R BT.601 luma in fixed point; alpha composites it over white paper.
    const luma = (rgba[j] * 77 + rgba[j + 1] * 150 + rgba[j + 2] * 29) >> 8;
    const alpha = rgba[j + 3];
    pixels[i] = (luma * alpha + 255 * (255 - alpha)) / 255;
  }
  return { width, height, pixels, ...(dpi ? { dpi } : {}) };
}

/**
 * The picture as a binary PGM file: a few bytes of header before the pixels as they are, which
 * the OCR engine reads without decoding anything (a PNG would be compressed here only to be
 * decompressed there).
 */
export function toPgm(image: GrayImage): Buffer {
  const header = Buffer.from(`P5\n${image.width} ${image.height}\n255\n`, 'ascii');
  return Buffer.concat([header, image.pixels]);
}
