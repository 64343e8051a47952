'use client';

import { useCallback, useRef } from 'react';
import { DocumentItem, UploadItem } from './document-item';
import { useDocuments } from './documents-provider';
import { UploadButton } from './upload-button';

/** The sidebar's library: pick files (or drop them anywhere), follow each to ready or failed, delete. */
export function DocumentLibrary() {
  const { documents, uploads } = useDocuments();
  const empty = documents.length === 0 && uploads.length === 0;
  const uploadButton = useRef<HTMLButtonElement>(null);
  // Where focus goes when the last row leaves the library.
  const focusWhenEmpty = useCallback(() => uploadButton.current, []);
  return (
    <div className="flex max-h-[45%] min-h-0 flex-col border-t p-2">
      <section aria-labelledby="documents-heading" className="flex min-h-0 flex-col">
        <div className="flex items-center justify-between px-2 py-1">
          <h2
            id="documents-heading"
            className="text-xs font-semibold tracking-wide text-muted-foreground uppercase"
          >
            Documents
          </h2>
          <UploadButton ref={uploadButton} />
        </div>
        {empty ? (
          <p className="px-2 py-1 text-sm text-muted-foreground">
            No documents yet. Drop PDFs, Office files, e-books, spreadsheets, scans or text files
            here, or use Upload.
          </p>
        ) : (
          <ul aria-label="Document library" className="min-h-0 space-y-0.5 overflow-y-auto">
            {uploads.map((u) => (
              <UploadItem key={u.key} upload={u} focusWhenEmpty={focusWhenEmpty} />
            ))}
            {documents.map((doc) => (
              <DocumentItem key={doc.id} doc={doc} focusWhenEmpty={focusWhenEmpty} />
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
