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

/** A page's pixels, four bytes (RGBA) each. */
export function tiffPagePixels(file: ArrayBuffer, page: UTIF.IFD) {
  UTIF.decodeImage(file, page);
  return {
    width: page.width,
    height: page.height,
    rgba: new Uint8ClampedArray(UTIF.toRGBA8(page).buffer as ArrayBuffer),
  };
}
