'use client';

import * as pdfjs from 'pdfjs-dist';
import { type ReactNode, useEffect, useRef, useState } from 'react';
import { cn } from '@/components/ui/cn';
import { findPassage, type PlaceOnPage } from './find-passage';
import { PageFrame, usePageTurning } from './page-frame';
import { PageToolbar } from './page-toolbar';
import { usePageKeys } from './use-page-keys';
import { usePinchZoom } from './use-pinch-zoom';

// The worker is bundled as its own file and served from this app: nothing comes from elsewhere.
pdfjs.GlobalWorkerOptions.workerPort ??= new Worker(
  new URL('pdfjs-dist/build/pdf.worker.min.mjs', import.meta.url),
  { type: 'module' },
);

/** Largest scale that fitting the width gives; small pages are not blown up past it. */
const maxFitScale = 1.75;

/**
 * Most pixels a page's canvas may have: iOS Safari draws nothing on a larger one, which a page
 * zoomed to 400% on a phone's 3x screen would be.
 */
const maxCanvasPixels = 16_777_216;

/** Canvas pixels per CSS pixel: the screen's, unless that would make the canvas too large. */
function backingRatio(cssPixels: number) {
  return Math.min(window.devicePixelRatio || 1, Math.sqrt(maxCanvasPixels / cssPixels));
}

/**
 * One page of a PDF drawn by pdf.js, with its text layer over it and the passage marked in the
 * text layer and scrolled into view.
 */
export default function PdfPage({
  url,
  initialPage,
  passage,
  passagePages: { first, last },
  placeOnPage,
  pageOverlay,
}: {
  url: string;
  initialPage: number;
  passage: string;
  /** The pages the passage covers; it is marked only on them. */
  passagePages: { first: number; last: number };
  /**
   * Where the server's text of a page puts the passage, to mark the right copy of words the page
   * says twice; absent for a passage kept without its offsets.
   */
  placeOnPage?: (pageNumber: number) => Promise<PlaceOnPage | undefined>;
  /** Drawn over the page shown, in its frame: the passage's marks on a page read by OCR. */
  pageOverlay?: (pageNumber: number) => ReactNode;
}) {
  const frame = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const textLayer = useRef<HTMLDivElement>(null);
  const [pdf, setPdf] = useState<pdfjs.PDFDocumentProxy>();
  const [problem, setProblem] = useState<string>();
  const [drawn, setDrawn] = useState(false);
  // The page whose drawing is on screen, to tell a new page from a new zoom of the same one.
  const shownPage = useRef<number>(undefined);
  // 1 fits the page to the frame's width; the buttons and a pinch change it.
  const { zoom, setZoom } = usePinchZoom(frame);
  const { pageNumber, turnTo } = usePageTurning(initialPage, frame);
  usePageKeys(frame, { page: pageNumber, pages: pdf?.numPages, turnTo });

  useEffect(() => {
    const task = pdfjs.getDocument({ url });
    task.promise.then(setPdf, (error: Error) =>
      setProblem(`This PDF could not be opened: ${error.message}`),
    );
    return () => void task.destroy();
  }, [url]);

  useEffect(() => {
    if (!pdf || !frame.current || !canvas.current || !textLayer.current) return;
    let cancelled = false;
    let rendering: pdfjs.RenderTask | undefined;
    const layer = textLayer.current;
    const target = canvas.current;
    // The frame's width inside its padding: the page fits it exactly.
    const style = getComputedStyle(frame.current);
    const width =
      frame.current.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    // A new page is hidden until drawn. A new zoom keeps the page on screen, stretched to its
    // new size with its marks, until the sharper drawing replaces it: a pinch follows the fingers.
    if (shownPage.current !== pageNumber) setDrawn(false);
    const onPassagePage = pageNumber >= first && pageNumber <= last;
    // Fetched while the page is drawn.
    const placing = onPassagePage ? placeOnPage?.(pageNumber) : undefined;
    (async () => {
      const page = await pdf.getPage(Math.min(Math.max(pageNumber, 1), pdf.numPages));
      const fit = Math.min(maxFitScale, width / page.getViewport({ scale: 1 }).width);
      const scale = fit * zoom;
      const viewport = page.getViewport({ scale });
      target.style.width = `${Math.floor(viewport.width)}px`;
      target.style.height = `${Math.floor(viewport.height)}px`;
      layer.parentElement?.style.setProperty('--total-scale-factor', String(scale));
      // Drawn aside, so the canvas on screen is not cleared while the new drawing is made.
      const drawing = document.createElement('canvas');
      const ratio = backingRatio(viewport.width * viewport.height);
      drawing.width = Math.floor(viewport.width * ratio);
      drawing.height = Math.floor(viewport.height * ratio);
      // One drawing at a time: a new zoom cancels the one under way.
      rendering = page.render({
        canvas: drawing,
        viewport,
        transform: ratio === 1 ? undefined : [ratio, 0, 0, ratio, 0, 0],
      });
      await rendering.promise;
      if (cancelled) return;
      target.width = drawing.width;
      target.height = drawing.height;
      target.getContext('2d')?.drawImage(drawing, 0, 0);
      // Its memory goes now rather than at the next garbage collection.
      drawing.width = 0;
      const text = new pdfjs.TextLayer({
        textContentSource: await page.getTextContent(),
        container: layer,
        viewport,
      });
      layer.replaceChildren();
      await text.render();
      const place = await placing;
      if (cancelled) return;
      const marked = onPassagePage
        ? markPassage(text.textDivs, text.textContentItemsStr, passage, place)
        : [];
      shownPage.current = pageNumber;
      setDrawn(true);
      marked[0]?.scrollIntoView({ block: 'center' });
    })().catch((error: Error) => {
      if (!cancelled) setProblem(`This page could not be drawn: ${error.message}`);
    });
    return () => {
      cancelled = true;
      rendering?.cancel();
    };
  }, [pdf, pageNumber, passage, first, last, placeOnPage, zoom]);

  if (problem)
    return (
      <p role="alert" className="p-4 text-sm text-destructive">
        {problem}
      </p>
    );
  return (
    <div className="flex h-full min-h-0 flex-col">
      <PageToolbar
        page={pageNumber}
        pages={pdf?.numPages}
        onTurn={turnTo}
        zoom={zoom}
        onZoom={setZoom}
      />
      <PageFrame ref={frame} page={pageNumber} opening={!drawn}>
        <div
          className={cn('relative mx-auto w-fit bg-white shadow-md', !drawn && 'invisible')}
          data-testid="pdf-page"
          data-page={pageNumber}
        >
          <canvas ref={canvas} aria-label={`Page ${pageNumber}`} role="img" />
          <div ref={textLayer} className="textLayer" />
          {pageOverlay?.(pageNumber)}
        </div>
      </PageFrame>
    </div>
  );
}

/**
 * Marks the passage in the text layer: spans wholly inside it are marked, and of a span it
 * starts or ends in only its own part is wrapped, as pdf.js's find highlighting does. Where the
 * page says it twice, `place` says which copy it is. Returns the marked elements in reading order.
 */
function markPassage(
  divs: HTMLElement[],
  strings: string[],
  passage: string,
  place: PlaceOnPage | undefined,
): HTMLElement[] {
  const starts: number[] = [];
  let pageText = '';
  for (const s of strings) {
    starts.push(pageText.length);
    pageText += `${s} `;
  }
  const found = findPassage(pageText, passage, place);
  if (!found) return [];
  const marked: HTMLElement[] = [];
  divs.forEach((div, i) => {
    const text = strings[i];
    const from = Math.max(found.start - starts[i], 0);
    const to = Math.min(found.end - starts[i], text.length);
    if (to <= from || text.trim() === '') return;
    if (from === 0 && to === text.length) {
      div.classList.add('passage');
      marked.push(div);
      return;
    }
    const part = document.createElement('span');
    part.className = 'passage';
    part.textContent = text.slice(from, to);
    div.replaceChildren(text.slice(0, from), part, text.slice(to));
    marked.push(part);
  });
  return marked;
}
