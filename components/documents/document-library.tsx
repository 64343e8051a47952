'use client';

import { AlertCircle, FileText, Loader2, Upload } from 'lucide-react';
import { useRouter } from 'next/navigation';
import { useRef, useState } from 'react';
import { buttonStyles } from '@/components/ui/button';
import type { DocumentRow } from '@/db/queries';

const accepted =
  '.pdf,.docx,.md,.markdown,.txt,.html,.htm,text/plain,text/markdown,text/html,application/pdf';

export function DocumentLibrary({ documents }: { documents: DocumentRow[] }) {
  const router = useRouter();
  const input = useRef<HTMLInputElement>(null);
  const [uploading, setUploading] = useState(false);
  const [problem, setProblem] = useState<string>();

  async function upload(files: FileList) {
    const form = new FormData();
    for (const file of files) form.append('file', file);
    setUploading(true);
    setProblem(undefined);
    try {
      const res = await fetch('/api/documents', { method: 'POST', body: form });
      if (!res.ok) setProblem(((await res.json()) as { error: string }).error);
      router.refresh();
    } catch {
      setProblem('The upload did not reach the server. Try again.');
    } finally {
      setUploading(false);
      if (input.current) input.current.value = '';
    }
  }

  return (
    <section
      aria-labelledby="documents-heading"
      className="border-t border-zinc-200 p-2 dark:border-zinc-800"
    >
      <div className="flex items-center justify-between px-2 py-1">
        <h2
          id="documents-heading"
          className="text-xs font-semibold tracking-wide text-zinc-500 uppercase"
        >
          Documents
        </h2>
        <label className={buttonStyles('ghost', 'cursor-pointer px-2 py-1 text-xs')}>
          {uploading ? (
            <Loader2 className="size-3.5 animate-spin" aria-hidden />
          ) : (
            <Upload className="size-3.5" aria-hidden />
          )}
          Upload
          <input
            ref={input}
            type="file"
            multiple
            accept={accepted}
            className="sr-only"
            aria-label="Upload documents"
            disabled={uploading}
            onChange={(e) => e.target.files?.length && upload(e.target.files)}
          />
        </label>
      </div>
      {problem && (
        <p role="alert" className="px-2 py-1 text-xs text-red-600">
          {problem}
        </p>
      )}
      {documents.length === 0 ? (
        <p className="px-2 py-1 text-sm text-zinc-500">
          No documents yet. Upload a PDF, Word, Markdown, HTML or text file to start.
        </p>
      ) : (
        <ul aria-label="Document library" className="max-h-64 space-y-0.5 overflow-y-auto">
          {documents.map((doc) => (
            <li key={doc.id} className="rounded-md px-2 py-1.5 text-sm" data-status={doc.status}>
              <div className="flex items-center gap-2">
                {doc.status === 'failed' ? (
                  <AlertCircle className="size-4 shrink-0 text-red-600" aria-hidden />
                ) : (
                  <FileText className="size-4 shrink-0 text-zinc-500" aria-hidden />
                )}
                <span className="truncate" title={doc.name}>
                  {doc.name}
                </span>
              </div>
              <p className="pl-6 text-xs text-zinc-500">
                {doc.status === 'failed'
                  ? doc.error
                  : doc.status === 'processing'
                    ? `Processing${doc.stage ? `: ${doc.stage}` : '…'}`
                    : `${doc.pages} ${doc.pages === 1 ? 'page' : 'pages'} · ${doc.chunks} ${doc.chunks === 1 ? 'passage' : 'passages'}`}
              </p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
