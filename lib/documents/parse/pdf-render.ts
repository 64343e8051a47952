import type { PDFDocumentProxy, PDFPageProxy } from 'pdfjs-dist';
import { grayFromRgba, ocrDpi, scaleWithinBudget } from '../ocr/gray-image';
import type { GrayImage } from '../types';

interface CanvasAndContext {
  canvas: { width: number; height: number };
  context: {
    getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray };
  };
}
interface CanvasFactory {
  create(width: number, height: number): CanvasAndContext;
  destroy(canvasAndContext: CanvasAndContext): void;
}

/**
 * A page drawn by pdf.js (on @napi-rs/canvas, its canvas in Node) in grey at OCR resolution
 * (or at `dpi`), upright as a reader sees it, within the pixel budget.
 */
export async function renderPage(
  pdf: PDFDocumentProxy,
  page: PDFPageProxy,
  dpi = ocrDpi,
): Promise<GrayImage> {
  const base = page.getViewport({ scale: 1 });
  const scale = scaleWithinBudget(base.width, base.height, dpi / 72);
  const viewport = page.getViewport({ scale });
  const width = Math.ceil(viewport.width);
  const height = Math.ceil(viewport.height);
  const factory = pdf.canvasFactory as CanvasFactory;
  const target = factory.create(width, height);
  try {
    await page.render({
      canvas: target.canvas as unknown as HTMLCanvasElement,
      viewport,
      background: 'white',
    }).promise;
    const { data } = target.context.getImageData(0, 0, width, height);
    return grayFromRgba(data, width, height, scale * 72);
  } finally {
    factory.destroy(target);
  }
}
