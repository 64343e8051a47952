'use client';

import { useEffect, useState } from 'react';
import { cn } from '@/components/ui/cn';
import { Loader2 } from '@/components/ui/icons';
import { ScannedPassage } from './scanned-passage';

/**
 * A picture read by OCR, shown as it was uploaded with the passage marked on it: the page of it
 * the passage is on. Browsers show PNG, JPEG and WebP themselves; a TIFF (a scanner's, often of
 * several pages) is drawn from the file here, by the same page rule the reader used.
 */
export default function ImagePage({
  documentId,
  name,
  mediaType,
  page,
  charStart,
  charEnd,
}: {
  documentId: string;
  name: string;
  mediaType: string;
  page: number;
  charStart: number;
  charEnd: number;
}) {
  const picture = usePicture(`/api/documents/${documentId}/file`, mediaType, page);
  const [loaded, setLoaded] = useState(false);
  return (
    <div className="relative h-full min-h-0 overflow-auto bg-muted p-3">
      {picture.failed ? (
        <p className="p-4 text-sm" role="alert">
          This picture could not be drawn here. Its text is searchable as usual.
        </p>
      ) : (
        !loaded && (
          <p className="absolute inset-x-0 top-6 flex items-center justify-center gap-2 text-sm text-muted-foreground">
            <Loader2 aria-hidden className="size-4 animate-spin" /> Opening the picture…
          </p>
        )
      )}
      {picture.src && (
        <div className={cn('relative mx-auto w-fit shadow-md', !loaded && 'invisible')}>
          {/* biome-ignore lint/performance/noImgElement: the original file, or its page drawn here. */}
          <img
            src={picture.src}
            alt={name}
            className="block max-w-full"
            onLoad={() => setLoaded(true)}
          />
          {loaded && (
            <ScannedPassage
              documentId={documentId}
              page={page}
              charStart={charStart}
              charEnd={charEnd}
            />
          )}
        </div>
      )}
    </div>
  );
}

/**
 * The picture to show: the file itself, or a TIFF's page drawn as a PNG (`src` unset while it is
 * drawn, `failed` when it cannot be).
 */
function usePicture(file: string, mediaType: string, page: number) {
  const isTiff = mediaType === 'image/tiff';
  const [drawn, setDrawn] = useState<{ src?: string; failed?: boolean }>({});
  useEffect(() => {
    if (!isTiff) return;
    let url: string | undefined;
    let cancelled = false;
    setDrawn({});
    drawTiffPage(file, page)
      .then((blob) => {
        if (cancelled) return;
        url = URL.createObjectURL(blob);
        setDrawn({ src: url });
      })
      .catch(() => !cancelled && setDrawn({ failed: true }));
    return () => {
      cancelled = true;
      if (url) URL.revokeObjectURL(url);
    };
  }, [isTiff, file, page]);
  return isTiff ? drawn : { src: file };
}

async function drawTiffPage(file: string, page: number): Promise<Blob> {
  const [response, { tiffPageDirectories, tiffPagePixels }] = await Promise.all([
    fetch(file),
    import('@/lib/documents/tiff-pages'),
  ]);
  if (!response.ok) throw new Error(`${response.status}`);
  const bytes = await response.arrayBuffer();
  const directory = tiffPageDirectories(bytes)[page - 1];
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
