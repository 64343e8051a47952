'use client';

import { useEffect, useState } from 'react';
import { Loader2 } from '@/components/ui/icons';
import { findPassage } from './find-passage';

interface DocumentText {
  text: string;
  pages: Array<{ number: number; charStart: number; charEnd: number }>;
}

/**
 * A document shown as its extracted text, the passage marked and scrolled into view. Offsets
 * from the server are used when the source has them; otherwise the passage is looked up.
 */
export default function TextDocument({
  documentId,
  passage,
  charStart,
  charEnd,
}: {
  documentId: string;
  passage: string;
  charStart?: number;
  charEnd?: number;
}) {
  const [doc, setDoc] = useState<DocumentText>();
  const [problem, setProblem] = useState<string>();

  useEffect(() => {
    let cancelled = false;
    fetch(`/api/documents/${documentId}/text`)
      .then(async (res) => {
        if (!res.ok) throw new Error(((await res.json()) as { error?: string }).error);
        return (await res.json()) as DocumentText;
      })
      .then(
        (body) => !cancelled && setDoc(body),
        (error: Error) =>
          !cancelled && setProblem(error.message || 'The document text could not be loaded.'),
      );
    return () => {
      cancelled = true;
    };
  }, [documentId]);

  if (problem)
    return (
      <div className="space-y-3 p-4 text-sm">
        <p role="alert" className="text-destructive">
          {problem}
        </p>
        <p className="text-muted-foreground">The passage as the answer quoted it:</p>
        <blockquote className="border-l-4 border-highlight pl-3 whitespace-pre-wrap">
          {passage}
        </blockquote>
      </div>
    );
  if (!doc)
    return (
      <p className="flex items-center justify-center gap-2 p-6 text-sm text-muted-foreground">
        <Loader2 aria-hidden className="size-4 animate-spin" /> Opening the document…
      </p>
    );

  const range =
    charStart !== undefined && charEnd !== undefined && charEnd > charStart
      ? { start: charStart, end: charEnd }
      : findPassage(doc.text, passage);
  return (
    <div className="h-full overflow-y-auto bg-muted p-3">
      <div className="mx-auto max-w-3xl rounded-lg bg-background p-6 font-serif text-[0.95rem] leading-relaxed whitespace-pre-wrap shadow-sm">
        {range ? (
          <>
            {doc.text.slice(0, range.start)}
            <mark
              ref={(el) => el?.scrollIntoView({ block: 'center' })}
              className="rounded-sm bg-highlight text-inherit"
            >
              {doc.text.slice(range.start, range.end)}
            </mark>
            {doc.text.slice(range.end)}
          </>
        ) : (
          doc.text
        )}
      </div>
    </div>
  );
}
