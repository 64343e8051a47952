'use client';

import { useEffect, useState } from 'react';
import { Upload } from '@/components/ui/icons';
import { useDocuments } from './documents-provider';

const carriesFiles = (e: DragEvent) => e.dataTransfer?.types.includes('Files') ?? false;

/**
 * Files dropped anywhere on the window are uploaded to the library: on a chat, the sidebar, an
 * open dialog. While files are dragged over the window, it says so.
 */
export function WindowDropZone() {
  const { upload } = useDocuments();
  const [over, setOver] = useState(false);
  useEffect(() => {
    const onOver = (e: DragEvent) => {
      if (!carriesFiles(e)) return;
      e.preventDefault();
      if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
      setOver(true);
    };
    // Leaving for another element of the page names it; leaving the window names none.
    const onLeave = (e: DragEvent) => {
      if (!e.relatedTarget) setOver(false);
    };
    const onDrop = (e: DragEvent) => {
      if (!carriesFiles(e)) return;
      e.preventDefault();
      setOver(false);
      if (e.dataTransfer?.files.length) upload(e.dataTransfer.files);
    };
    window.addEventListener('dragenter', onOver);
    window.addEventListener('dragover', onOver);
    window.addEventListener('dragleave', onLeave);
    window.addEventListener('drop', onDrop);
    return () => {
      window.removeEventListener('dragenter', onOver);
      window.removeEventListener('dragover', onOver);
      window.removeEventListener('dragleave', onLeave);
      window.removeEventListener('drop', onDrop);
    };
  }, [upload]);
  if (!over) return null;
  return (
    <div className="pointer-events-none fixed inset-2 z-[100] flex flex-col items-center justify-center gap-2 rounded-xl border-2 border-dashed border-accent-foreground bg-background/90 text-sm font-medium">
      <Upload className="size-5" aria-hidden />
      Drop files to upload
    </div>
  );
}
