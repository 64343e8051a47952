import { type Canvas, createCanvas, type Image, ImageData, loadImage } from '@napi-rs/canvas';
import { imageSize } from 'image-size';
import type UTIF from 'utif';
import { DocumentError } from '../errors';
import { grayFromRgba, scaleWithinBudget } from '../ocr/gray-image';
import { tiffPageDirectories, tiffPagePixels } from '../tiff-pages';
import type { GrayImage, ImageFormat, PageReading, ParsedDocument, ParseOptions } from '../types';
import { joinReadPages } from './page-joins';
import { noParts, type PageParts, recognizedParts } from './running-lines';

const MEDIA_TYPES: Record<ImageFormat, string> = {
  png: 'image/png',
  jpeg: 'image/jpeg',
  webp: 'image/webp',
  tiff: 'image/tiff',
};

/** The largest picture decoded: its pixels are held whole, four bytes each, while it is scaled. */
const maxImagePixels = 50_000_000;

/**
 * Below this many pixels on its longer side a picture is enlarged before it is read: Tesseract
 * reads letters best some 20-30 pixels high, and a screenshot's are half that.
 */
const enlargeBelow = 2000;

/**
 * A picture (PNG, JPEG, WebP, or TIFF with one or more pages) read by OCR: each page of it is a
 * page of the document. PNG, JPEG and WebP are decoded by @napi-rs/canvas, TIFF (fax and scanner
 * compressions included) by UTIF.
 */
export async function parseImage(
  bytes: Uint8Array,
  format: ImageFormat,
  { recognizer, onProgress, signal }: ParseOptions,
): Promise<ParsedDocument> {
  const pictures = format === 'tiff' ? tiffPages(bytes) : [canvasPicture(bytes)];
  const read: Array<{ parts: PageParts; reading: PageReading }> = [];
  for (const [done, picture] of pictures.entries()) {
    signal?.throwIfAborted();
    onProgress?.('recognising', done, pictures.length);
    const recognized = recognizer ? await recognizer.recognize(await picture()) : [];
    read.push(
      recognized.length > 0
        ? { parts: recognizedParts(recognized), reading: 'ocr' }
        : { parts: noParts, reading: 'unreadable' },
    );
  }
  onProgress?.('recognising', pictures.length, pictures.length);
  // A TIFF's pages are a scanned document's: their running lines and page breaks as a PDF's.
  const { text, pages } = joinReadPages(read);
  if (text.trim() === '') {
    throw new DocumentError(
      'no-text',
      recognizer
        ? 'No text could be recognised in this picture.'
        : 'This picture cannot be read here: reading text in pictures (OCR) is not available.',
    );
  }
  return { type: 'image', mediaType: MEDIA_TYPES[format], text, pages, headings: [] };
}

/** A picture decoded when it is about to be read, so a many-page TIFF holds one page at a time. */
type Picture = () => Promise<GrayImage>;

/**
 * A PNG, JPEG or WebP file. Its size is read from its header first (by image-size): the canvas
 * starts decoding all of a picture's pixels the moment it is given the file.
 */
function canvasPicture(bytes: Uint8Array): Picture {
  let size: { width?: number; height?: number };
  try {
    size = imageSize(bytes);
  } catch (error) {
    throw damaged(error);
  }
  assertNotHuge(size.width ?? 0, size.height ?? 0);
  return async () => {
    const image = await loadImage(
      Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength),
    ).catch((error: unknown) => {
      throw damaged(error);
    });
    return drawForOcr(image);
  };
}

function tiffPages(bytes: Uint8Array): Picture[] {
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  let directories: UTIF.IFD[];
  try {
    directories = tiffPageDirectories(buffer as ArrayBuffer);
  } catch (error) {
    throw damaged(error);
  }
  if (directories.length === 0) throw damaged(new Error('no image in the file'));
  for (const ifd of directories) {
    assertNotHuge(Number((ifd.t256 as number[])?.[0]), Number((ifd.t257 as number[])?.[0]));
  }
  return directories.map((ifd) => async () => {
    try {
      const { width, height, rgba } = tiffPagePixels(buffer as ArrayBuffer, ifd);
      const canvas = createCanvas(width, height);
      canvas.getContext('2d').putImageData(new ImageData(rgba, width, height), 0, 0);
      return drawForOcr(canvas);
    } catch (error) {
      throw damaged(error);
    }
  });
}

/** The scale a picture is read at: enlarged when small, shrunk to the pixel budget when large. */
function ocrScale(width: number, height: number): number {
  const enlarge = Math.min(3, Math.max(1, enlargeBelow / Math.max(width, height)));
  return scaleWithinBudget(width, height, enlarge);
}

/** A picture drawn on white at its reading scale, in grey. */
function drawForOcr(picture: Image | Canvas): GrayImage {
  const scale = ocrScale(picture.width, picture.height);
  const width = Math.max(1, Math.round(picture.width * scale));
  const height = Math.max(1, Math.round(picture.height * scale));
  const context = createCanvas(width, height).getContext('2d');
  context.fillStyle = 'white';
  context.fillRect(0, 0, width, height);
  context.drawImage(picture, 0, 0, width, height);
  return grayFromRgba(context.getImageData(0, 0, width, height).data, width, height);
}

function assertNotHuge(width: number, height: number) {
  if (!(width > 0 && height > 0)) throw damaged(new Error('no size in the header'));
  if (width * height > maxImagePixels) {
    throw new DocumentError(
      'too-large',
      `This picture is ${width} × ${height} pixels (${Math.round((width * height) / 1e6)} megapixels); Folio reads pictures of up to ${maxImagePixels / 1e6} megapixels.`,
    );
  }
}

function damaged(cause: unknown): DocumentError {
  return new DocumentError('corrupt', 'This picture is damaged and cannot be read.', { cause });
}
