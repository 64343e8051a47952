'use client';

import { useRef, useState } from 'react';
import { Button } from '@/components/ui/button';
import { ConfirmDialog } from '@/components/ui/confirm';
import { AlertCircle, AlertTriangle, FileText, Loader2, Trash2, X } from '@/components/ui/icons';
import { Progress } from '@/components/ui/progress';
import { focusOrHome, replacementFor } from '@/components/ui/return-focus';
import { useDocuments } from './documents-provider';
import type { LibraryDocument, PendingUpload } from './types';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

const stageLabels: Record<string, string> = {
  parsing: 'Reading',
  recognising: 'Recognising',
  chunking: 'Splitting into passages',
  indexing: 'Indexing',
};

/** Stages that go page by page, and say which page they are on. */
const pagedStages = new Set(['parsing', 'recognising']);

function ingestionLine(doc: LibraryDocument): string {
  const stage = stageLabels[doc.stage ?? ''] ?? 'Processing';
  return pagedStages.has(doc.stage ?? '') && doc.pages > 0
    ? `${stage} page ${Math.min(doc.pagesDone + 1, doc.pages)} of ${doc.pages}…`
    : `${stage}…`;
}

/** "23 pages · 45 passages", saying how many pages OCR read when it read any. */
function summaryLine(doc: LibraryDocument): string {
  const pages = plural(doc.pages, 'page');
  const read = doc.pagesOcr > 0 ? ` (${doc.pagesOcr} read by OCR)` : '';
  return `${pages}${read} · ${plural(doc.chunks, 'passage')}`;
}

const rowStyles = 'group rounded-md px-2 py-1.5 text-sm hover:bg-muted/60';

/** Where focus goes when a row leaves the library with nothing left to take it. */
type FocusWhenEmpty = () => HTMLElement | null;

/** A file still uploading, or refused by the server before it became a document. */
export function UploadItem({
  upload,
  focusWhenEmpty,
}: {
  upload: PendingUpload;
  focusWhenEmpty: FocusWhenEmpty;
}) {
  const { dismissUpload } = useDocuments();
  const row = useRef<HTMLLIElement>(null);
  return (
    <li ref={row} className={rowStyles} data-status={upload.error ? 'failed' : 'uploading'}>
      <div className="flex items-center gap-2">
        {upload.error ? (
          <AlertCircle className="size-4 shrink-0 text-destructive" aria-hidden />
        ) : (
          <Loader2 className="size-4 shrink-0 animate-spin text-muted-foreground" aria-hidden />
        )}
        <span className="min-w-0 flex-1 truncate" title={upload.name}>
          {upload.name}
        </span>
        {upload.error && (
          <Button
            variant="ghost"
            size="icon-xs"
            aria-label={`Dismiss ${upload.name}`}
            onClick={() => {
              // The row goes, and its button with it: focus moves to its neighbour.
              const next = row.current && replacementFor(row.current, focusWhenEmpty());
              dismissUpload(upload.key);
              focusOrHome(next);
            }}
          >
            <X aria-hidden className="size-3.5" />
          </Button>
        )}
      </div>
      {upload.error ? (
        <p className="pl-6 text-xs text-destructive">{upload.error}</p>
      ) : (
        <div className="pl-6">
          <Progress value={Math.round(upload.progress * 100)} label={`Uploading ${upload.name}`} />
          <p className="mt-1 text-xs text-muted-foreground">
            Uploading… {Math.round(upload.progress * 100)}%
          </p>
        </div>
      )}
    </li>
  );
}

export function DocumentItem({
  doc,
  focusWhenEmpty,
}: {
  doc: LibraryDocument;
  focusWhenEmpty: FocusWhenEmpty;
}) {
  const { remove } = useDocuments();
  const [confirming, setConfirming] = useState(false);
  const [problem, setProblem] = useState<string>();
  const row = useRef<HTMLLIElement>(null);
  // Once deleted, its row and its Delete button are gone: focus goes to a neighbour's.
  const afterDelete = useRef<{ deleted: boolean; next?: HTMLElement }>({ deleted: false });
  const progress =
    pagedStages.has(doc.stage ?? '') && doc.pages > 0
      ? (doc.pagesDone / doc.pages) * 100
      : undefined;
  return (
    <li ref={row} className={rowStyles} data-status={doc.status}>
      <div className="flex items-center gap-2">
        {doc.status === 'failed' ? (
          <AlertCircle className="size-4 shrink-0 text-destructive" aria-hidden />
        ) : doc.status === 'processing' ? (
          <Loader2 className="size-4 shrink-0 animate-spin text-muted-foreground" aria-hidden />
        ) : (
          <FileText className="size-4 shrink-0 text-muted-foreground" aria-hidden />
        )}
        <span className="min-w-0 flex-1 truncate" title={doc.name}>
          {doc.name}
        </span>
        {!doc.readOnly && (
          <Button
            variant="ghost"
            size="icon-xs"
            className="opacity-60 group-hover:opacity-100 focus-visible:opacity-100"
            aria-label={`Delete ${doc.name}`}
            onClick={() => {
              afterDelete.current = {
                deleted: false,
                next: row.current ? replacementFor(row.current, focusWhenEmpty()) : undefined,
              };
              setConfirming(true);
            }}
          >
            <Trash2 aria-hidden className="size-3.5" />
          </Button>
        )}
      </div>
      {doc.status === 'processing' ? (
        <div className="pl-6">
          <Progress value={progress} label={`Processing ${doc.name}`} />
          <p className="mt-1 text-xs text-muted-foreground">{ingestionLine(doc)}</p>
        </div>
      ) : (
        <p
          className={
            doc.status === 'failed'
              ? 'pl-6 text-xs text-destructive'
              : 'pl-6 text-xs text-muted-foreground'
          }
        >
          {doc.status === 'failed'
            ? (doc.error ?? 'This file could not be read.')
            : summaryLine(doc)}
        </p>
      )}
      {doc.status === 'ready' && doc.pagesUnreadable > 0 && (
        <p
          className="flex items-center gap-1 pl-6 text-xs text-warning"
          data-testid="unreadable-pages"
        >
          <AlertTriangle aria-hidden className="size-3 shrink-0" />
          {doc.pagesUnreadable} of {plural(doc.pages, 'page')} could not be read
        </p>
      )}
      {problem && (
        <p role="alert" className="pl-6 text-xs text-destructive">
          {problem}
        </p>
      )}
      <ConfirmDialog
        open={confirming}
        onOpenChange={setConfirming}
        title={`Delete “${doc.name}”?`}
        description="Its passages leave the library and no new answer will use it. Answers that already cite it keep their quotes."
        confirmLabel="Delete document"
        onConfirm={async () => {
          setProblem(undefined);
          await remove(doc.id).then(
            () => {
              afterDelete.current.deleted = true;
            },
            (error: Error) => setProblem(error.message),
          );
        }}
        onCloseAutoFocus={(event) => {
          if (!afterDelete.current.deleted) return;
          event.preventDefault();
          focusOrHome(afterDelete.current.next);
        }}
      />
    </li>
  );
}
