'use client';

import dynamic from 'next/dynamic';
import { Modal } from '@/components/ui/modal';
import type { SourceView } from '@/lib/chat/types';
import { pagesLabel } from '@/lib/rag/pages';
import { useDocuments } from './documents-provider';

// pdf.js is large: it loads only when a document is opened, never with the chat.
const PdfPage = dynamic(() => import('./pdf-page'), { ssr: false });
const TextDocument = dynamic(() => import('./text-document'), { ssr: false });

/** The document a source comes from, opened at its page with the passage marked. */
export function DocumentViewer({
  source,
  onClose,
}: {
  source: SourceView | undefined;
  onClose: () => void;
}) {
  const { documents } = useDocuments();
  const doc = source && documents.find((d) => d.id === source.documentId);
  if (!source) return null;
  return (
    <Modal
      open
      onOpenChange={(open) => !open && onClose()}
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
