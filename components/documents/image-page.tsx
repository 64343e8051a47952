'use client';

import { useEffect, useRef, useState } from 'react';
import type { IFD } from 'utif';
import { cn } from '@/components/ui/cn';
import { PageFrame, usePageTurning } from './page-frame';
import { PageToolbar } from './page-toolbar';
import { ScannedPassage } from './scanned-passage';
import { usePageKeys } from './use-page-keys';
import { usePinchZoom } from './use-pinch-zoom';

/**
 * A picture read by OCR, shown as it was uploaded with the passage marked on it, opened at the
 * passage's first page and turned and zoomed as a PDF is. Browsers show PNG, JPEG and WebP
 * themselves, one page each; a TIFF (a scanner's, often of several pages) is drawn from the file
 * here, page by page, by the same page rule the reader used.
 */
export default function ImagePage({
  documentId,
  name,
  mediaType,
  initialPage,
  charStart,
  charEnd,
}: {
  documentId: string;
  name: string;
  mediaType: string;
  initialPage: number;
  charStart: number;
  charEnd: number;
}) {
  const frame = useRef<HTMLDivElement>(null);
  // 1 fits the picture to the frame's width (never enlarging it); the buttons and a pinch change it.
  const { zoom, setZoom } = usePinchZoom(frame);
  const { pageNumber, turnTo } = usePageTurning(initialPage, frame);
  const picture = usePicture(`/api/documents/${documentId}/file`, mediaType, pageNumber);
  usePageKeys(frame, { page: pageNumber, pages: picture.pages, turnTo });
  // The picture on screen once it has loaded, with its width in pixels.
  const [loaded, setLoaded] = useState<{ src: string; width: number }>();
  const shown = loaded !== undefined && loaded.src === picture.src;
  const { src } = picture;
  return (
    <div className="flex h-full min-h-0 flex-col">
      <PageToolbar
        page={pageNumber}
        pages={picture.pages}
        onTurn={turnTo}
        zoom={zoom}
        onZoom={setZoom}
      />
      <PageFrame ref={frame} page={pageNumber} opening={!shown && !picture.failed}>
        {picture.failed && (
          <p className="p-4 text-sm" role="alert">
            This page could not be drawn here. Its text is searchable as usual.
          </p>
        )}
        {src && (
          <div
            className={cn('relative mx-auto bg-white shadow-md', !shown && 'invisible w-fit')}
            style={shown ? { width: `calc(min(100%, ${loaded.width}px) * ${zoom})` } : undefined}
          >
            {/* biome-ignore lint/performance/noImgElement: the original file, or its page drawn here. */}
            <img
              src={src}
              alt={`${name}, page ${pageNumber}`}
              className="block w-full"
              onLoad={(event) => setLoaded({ src, width: event.currentTarget.naturalWidth })}
            />
            {shown && (
              <ScannedPassage
                documentId={documentId}
                page={pageNumber}
                charStart={charStart}
                charEnd={charEnd}
              />
            )}
          </div>
        )}
      </PageFrame>
    </div>
  );
}

/**
 * What there is to show of a page: its picture (`src`, unset while a TIFF's page is drawn), or
 * that it cannot be drawn; and how many pages the file has, once known.
 */
interface PagePicture {
  src?: string;
  failed?: boolean;
  pages?: number;
}

/** A TIFF's bytes and its pages, fetched and found once for every page turned to. */
interface TiffFile {
  bytes: ArrayBuffer;
  pages: IFD[];
}

function usePicture(file: string, mediaType: string, page: number): PagePicture {
  const isTiff = mediaType === 'image/tiff';
  const [tiff, setTiff] = useState<TiffFile>();
  const [unopened, setUnopened] = useState(false);
  const [drawn, setDrawn] = useState<{ page: number; src?: string; failed?: boolean }>();

  useEffect(() => {
    if (!isTiff) return;
    let cancelled = false;
    setTiff(undefined);
    setUnopened(false);
    openTiff(file).then(
      (opened) => !cancelled && setTiff(opened),
      () => !cancelled && setUnopened(true),
    );
    return () => {
      cancelled = true;
    };
  }, [isTiff, file]);

  useEffect(() => {
    if (!tiff) return;
    let url: string | undefined;
    let cancelled = false;
    drawTiffPage(tiff, page).then(
      (blob) => {
        if (cancelled) return;
        url = URL.createObjectURL(blob);
        setDrawn({ page, src: url });
      },
      () => !cancelled && setDrawn({ page, failed: true }),
    );
    return () => {
      cancelled = true;
      if (url) URL.revokeObjectURL(url);
    };
  }, [tiff, page]);

  if (!isTiff) return { src: file, pages: 1 };
  if (unopened) return { failed: true };
  // A page turned to shows nothing of the page before while it is drawn.
  const ofThisPage = drawn?.page === page ? { src: drawn.src, failed: drawn.failed } : {};
  return { ...ofThisPage, pages: tiff?.pages.length };
}

async function openTiff(file: string): Promise<TiffFile> {
  const [response, { tiffPageDirectories }] = await Promise.all([
    fetch(file),
    import('@/lib/documents/tiff-pages'),
  ]);
  if (!response.ok) throw new Error(`${response.status}`);
  const bytes = await response.arrayBuffer();
  return { bytes, pages: tiffPageDirectories(bytes) };
}

async function drawTiffPage({ bytes, pages }: TiffFile, page: number): Promise<Blob> {
  const { tiffPagePixels } = await import('@/lib/documents/tiff-pages');
  const directory = pages[page - 1];
  if (!directory) throw new Error(`no page ${page}`);
  const { width, height, rgba } = tiffPagePixels(bytes, directory);
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  canvas.getContext('2d')!.putImageData(new ImageData(rgba, width, height), 0, 0);
  return new Promise((resolve, reject) =>
    canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('not drawn'))), 'image/png'),
  );
}
