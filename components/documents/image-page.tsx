'use client';

import { useState } from 'react';
import { cn } from '@/components/ui/cn';
import { Loader2 } from '@/components/ui/icons';
import { ScannedPassage } from './scanned-passage';

/** A picture read by OCR, shown as it was uploaded with the passage marked on it. */
export default function ImagePage({
  documentId,
  name,
  charStart,
  charEnd,
}: {
  documentId: string;
  name: string;
  charStart: number;
  charEnd: number;
}) {
  const [loaded, setLoaded] = useState(false);
  return (
    <div className="relative h-full min-h-0 overflow-auto bg-muted p-3">
      {!loaded && (
        <p className="absolute inset-x-0 top-6 flex items-center justify-center gap-2 text-sm text-muted-foreground">
          <Loader2 aria-hidden className="size-4 animate-spin" /> Opening the picture…
        </p>
      )}
      <div className={cn('relative mx-auto w-fit shadow-md', !loaded && 'invisible')}>
        {/* biome-ignore lint/performance/noImgElement: the original file, served as it is. */}
        <img
          src={`/api/documents/${documentId}/file`}
          alt={name}
          className="block max-w-full"
          onLoad={() => setLoaded(true)}
        />
        {loaded && (
          <ScannedPassage
            documentId={documentId}
            page={1}
            charStart={charStart}
            charEnd={charEnd}
          />
        )}
      </div>
    </div>
  );
}
