'use client';

import { useRouter } from 'next/navigation';
import { useEffect, useState } from 'react';
import { PageHeader, useReloadChats } from '@/components/app-shell';
import { DocumentPicker } from '@/components/documents/document-picker';
import { useDocuments } from '@/components/documents/documents-provider';
import { UploadButton } from '@/components/documents/upload-button';
import { FileUp } from '@/components/ui/icons';
import { Composer } from './composer';
import { preloadAnswerMarkdown } from './message-view';

/** The home page: with no documents, how to add the first; then, ask to start a chat. */
export function NewChat() {
  const router = useRouter();
  const reloadChats = useReloadChats();
  const { documents, uploads } = useDocuments();
  const [documentIds, setDocumentIds] = useState<string[]>([]);
  const [problem, setProblem] = useState<string>();
  const [busy, setBusy] = useState(false);
  const hasReady = documents.some((d) => d.status === 'ready');
  const empty = documents.length === 0 && uploads.length === 0;
  // The first answer streams on the next page; have its Markdown renderer ready by then.
  useEffect(() => void preloadAnswerMarkdown(), []);

  /** Asking from here starts a chat titled by the question, then asks it there. */
  async function start(question: string) {
    setBusy(true);
    const res = await fetch('/api/chats', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title: question.slice(0, 80), documentIds }),
    });
    if (!res.ok) {
      setProblem(((await res.json()) as { error: string }).error);
      setBusy(false);
      return;
    }
    const chat = (await res.json()) as { id: string };
    router.push(`/chats/${chat.id}?ask=${encodeURIComponent(question)}`);
    reloadChats();
  }

  return (
    <>
      <PageHeader className="md:border-b-0">
        <h1 className="sr-only">New chat</h1>
        <span className="flex-1" />
        {hasReady && <DocumentPicker selected={documentIds} onChange={setDocumentIds} />}
      </PageHeader>
      <div className="flex min-h-0 flex-1 flex-col justify-center">
        <div className="mx-auto w-full max-w-3xl px-4 pb-4 text-center">
          {empty ? (
            <div className="mx-auto flex max-w-md flex-col items-center gap-3 rounded-2xl border-2 border-dashed p-8">
              <FileUp className="size-8 text-muted-foreground" aria-hidden />
              <h2 className="text-xl font-semibold tracking-tight">Start by adding a document</h2>
              <p className="text-sm text-muted-foreground">
                No documents yet. Drop PDFs, Office files, e-books, spreadsheets, scans or text
                files here, or pick them. Then ask anything about them: every answer cites the
                passages it comes from.
              </p>
              <UploadButton variant="primary" label="Choose files" />
            </div>
          ) : (
            <>
              <h2 className="text-2xl font-semibold tracking-tight">
                What would you like to know?
              </h2>
              <p className="mt-2 text-muted-foreground">
                {hasReady
                  ? 'Ask anything about your documents. Every answer cites the passages it comes from.'
                  : 'Your documents are being read; you can ask as soon as one is ready.'}
              </p>
            </>
          )}
          {problem && (
            <p role="alert" className="mt-2 text-sm text-destructive">
              {problem}
            </p>
          )}
        </div>
        <Composer busy={busy} onSend={start} autoFocus={!empty} />
      </div>
    </>
  );
}
