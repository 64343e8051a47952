'use client';

import { type DragEvent, type ReactNode, useState } from 'react';
import { cn } from '@/components/ui/cn';
import { Upload } from '@/components/ui/icons';
import { useDocuments } from './documents-provider';

const carriesFiles = (e: DragEvent) => e.dataTransfer.types.includes('Files');

/** Files dropped anywhere on its children are uploaded to the library. */
export function DropZone({ className, children }: { className?: string; children: ReactNode }) {
  const { upload } = useDocuments();
  const [over, setOver] = useState(false);
  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: dropping is a shortcut; the Upload button does the same by keyboard
    <div
      className={cn('relative', className)}
      onDragOver={(e) => {
        if (!carriesFiles(e)) return;
        e.preventDefault();
        e.dataTransfer.dropEffect = 'copy';
        setOver(true);
      }}
      onDragLeave={(e) => {
        if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setOver(false);
      }}
      onDrop={(e) => {
        if (!carriesFiles(e)) return;
        e.preventDefault();
        setOver(false);
        upload(e.dataTransfer.files);
      }}
    >
      {children}
      {over && (
        <div className="pointer-events-none absolute inset-1 z-10 flex flex-col items-center justify-center gap-2 rounded-lg border-2 border-dashed border-accent-foreground bg-background/90 text-sm font-medium">
          <Upload className="size-5" aria-hidden />
          Drop files to upload
        </div>
      )}
    </div>
  );
}
