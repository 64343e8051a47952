import type { PDFPageProxy } from 'pdfjs-dist';

type Ops = typeof import('pdfjs-dist/legacy/build/pdf.mjs').OPS;
type Matrix = [number, number, number, number, number, number];

/** What a page draws, from its operators: what tells a scan or an unmapped font from text. */
export interface PageDrawing {
  /** Glyphs drawn that are not spaces, whether or not their font says which letters they are. */
  glyphs: number;
  /** How much of the page images cover, 0 to 1 (overlapping images add up, to at most 1). */
  imageCoverage: number;
  /** Paths drawn: lines, shapes, and letters drawn as outlines. */
  paths: number;
  /** The resolution the page's largest image is drawn at, in pixels per inch: a scan's dpi. */
  largestImageDpi?: number;
}

/**
 * Walks the page's operator list, keeping the transformation matrix through save, restore,
 * transform and form XObjects so that each image's area on the page is known (an image is the
 * unit square mapped by the matrix in force when it is painted).
 */
export async function pageDrawing(ops: Ops, page: PDFPageProxy): Promise<PageDrawing> {
  const { fnArray, argsArray } = await page.getOperatorList();
  const [x0, y0, x1, y1] = page.view;
  const pageArea = Math.abs((x1 - x0) * (y1 - y0)) || 1;
  let matrix: Matrix = [1, 0, 0, 1, 0, 0];
  const saved: Matrix[] = [];
  let glyphs = 0;
  let imageArea = 0;
  let paths = 0;
  let largest = { area: 0, dpi: 0 };
  for (let i = 0; i < fnArray.length; i++) {
    const fn = fnArray[i];
    const args = argsArray[i];
    switch (fn) {
      case ops.save:
        saved.push(matrix);
        break;
      case ops.restore:
        matrix = saved.pop() ?? matrix;
        break;
      case ops.transform:
        matrix = multiply(matrix, args as Matrix);
        break;
      case ops.paintFormXObjectBegin:
        saved.push(matrix);
        if (Array.isArray(args?.[0])) matrix = multiply(matrix, args[0] as Matrix);
        break;
      case ops.paintFormXObjectEnd:
        matrix = saved.pop() ?? matrix;
        break;
      case ops.showText:
      case ops.showSpacedText:
        for (const glyph of (args?.[0] ?? []) as unknown[]) {
          if (glyph && typeof glyph === 'object' && !(glyph as { isSpace?: boolean }).isSpace) {
            glyphs++;
          }
        }
        break;
      case ops.paintImageXObject:
      case ops.paintInlineImageXObject:
      case ops.paintImageMaskXObject:
      case ops.paintImageXObjectRepeat:
      case ops.paintImageMaskXObjectRepeat: {
        const area = Math.abs(matrix[0] * matrix[3] - matrix[1] * matrix[2]);
        imageArea += area;
        const pixels = imageWidth(args);
        const points = Math.hypot(matrix[0], matrix[1]);
        if (area > largest.area && pixels && points)
          largest = { area, dpi: (pixels / points) * 72 };
        break;
      }
      case ops.constructPath:
        paths++;
        break;
    }
  }
  return {
    glyphs,
    imageCoverage: Math.min(1, imageArea / pageArea),
    paths,
    ...(largest.dpi ? { largestImageDpi: largest.dpi } : {}),
  };
}

/** An image's width in pixels: pdf.js passes it after the image's id, or on the inline image. */
function imageWidth(args: unknown[] | null): number | undefined {
  if (typeof args?.[1] === 'number') return args[1];
  const image = args?.[0] as { width?: unknown } | undefined;
  return typeof image?.width === 'number' ? image.width : undefined;
}

function multiply([a1, b1, c1, d1, e1, f1]: Matrix, [a2, b2, c2, d2, e2, f2]: Matrix): Matrix {
  // The new matrix applies first, then the one in force (PDF's `cm` pre-multiplies).
  return [
    a2 * a1 + b2 * c1,
    a2 * b1 + b2 * d1,
    c2 * a1 + d2 * c1,
    c2 * b1 + d2 * d1,
    e2 * a1 + f2 * c1 + e1,
    e2 * b1 + f2 * d1 + f1,
  ];
}
