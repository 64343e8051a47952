'use client';

import dynamic from 'next/dynamic';
import { useMemo } from 'react';
import { Modal } from '@/components/ui/modal';
import type { Source } from '@/db';
import { pagesLabel } from '@/lib/rag/pages';
import { useDocuments } from './documents-provider';
import { passagePlaces } from './passage-places';
import { ScannedPassage } from './scanned-passage';

// pdf.js is large: it loads only when a document is opened, never with the chat.
const PdfPage = dynamic(() => import('./pdf-page'), { ssr: false });
const ImagePage = dynamic(() => import('./image-page'), { ssr: false });
const TextDocument = dynamic(() => import('./text-document'), { ssr: false });

/** The document a source comes from, opened at its page with the passage marked. */
export function DocumentViewer({
  source,
  onClose,
  onCloseAutoFocus,
}: {
  source: Source | undefined;
  onClose: () => void;
  /** Where focus goes once it has closed (see DialogContent); by default, to what opened it. */
  onCloseAutoFocus?: (event: Event) => void;
}) {
  const { documents } = useDocuments();
  const doc = source && documents.find((d) => d.id === source.documentId);
  // Sources stored before passages kept their offsets have none; they are found by their text.
  const charStart = source?.charStart ?? null;
  const charEnd = source?.charEnd ?? null;
  const range = charStart !== null && charEnd !== null ? { charStart, charEnd } : undefined;
  const documentId = doc?.id;
  const placeOnPage = useMemo(
    () =>
      documentId !== undefined && charStart !== null && charEnd !== null
        ? passagePlaces(documentId, { charStart, charEnd })
        : undefined,
    [documentId, charStart, charEnd],
  );
  if (!source) return null;
  return (
    <Modal
      open
      onOpenChange={(open) => !open && onClose()}
      onCloseAutoFocus={onCloseAutoFocus}
      placement="full"
      title={source.documentName}
      description={`Passage ${source.n}, ${pagesLabel(source)}`}
      className="overflow-hidden"
    >
      <div className="min-h-0 flex-1">
        {!doc ? (
          <div className="space-y-3 p-4 text-sm">
            <p>This document is no longer in the library. The passage as the answer quoted it:</p>
            <blockquote className="border-l-4 border-highlight pl-3 whitespace-pre-wrap">
              {source.text}
            </blockquote>
          </div>
        ) : doc.mediaType === 'application/pdf' ? (
          <PdfPage
            url={`/api/documents/${doc.id}/file`}
            initialPage={source.pageStart}
            passage={source.text}
            passagePages={{ first: source.pageStart, last: source.pageEnd }}
            placeOnPage={placeOnPage}
            pageOverlay={(page) =>
              range && <ScannedPassage documentId={doc.id} page={page} {...range} />
            }
          />
        ) : doc.mediaType.startsWith('image/') && range ? (
          <ImagePage
            documentId={doc.id}
            name={doc.name}
            mediaType={doc.mediaType}
            initialPage={source.pageStart}
            {...range}
          />
        ) : (
          <TextDocument
            documentId={doc.id}
            passage={source.text}
            charStart={source.charStart ?? undefined}
            charEnd={source.charEnd ?? undefined}
          />
        )}
      </div>
    </Modal>
  );
}
