/**
 * The pages of a TIFF file: its image directories in order, less the thumbnails (reduced-resolution
 * images, NewSubfileType bit 0). The reader OCRs them and the viewer draws them by this one rule,
 * so that page n of the document is the same picture in both. UTIF is plain JavaScript, and runs
 * in the browser as on the server.
 */
import UTIF from 'utif';

export function tiffPageDirectories(file: ArrayBuffer): UTIF.IFD[] {
  return UTIF.decode(file).filter(
    (ifd) => !((Number((ifd.t254 as number[] | undefined)?.[0]) || 0) & 1),
  );
}

/**
 * A page's pixels, four bytes (RGBA) each. UTIF leaves the decoded image on the directory; it is
 * dropped here, so that the pages of a long scan, read or turned through, do not all stay decoded
 * in memory (a page drawn again is decoded again).
 */
export function tiffPagePixels(file: ArrayBuffer, page: UTIF.IFD) {
  UTIF.decodeImage(file, page);
  const rgba = new Uint8ClampedArray(UTIF.toRGBA8(page).buffer as ArrayBuffer);
  page.data = new Uint8Array(0);
  return { width: page.width, height: page.height, rgba };
}
