'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { Composer } from './composer';

/** Asking from the home page starts a chat titled by the question, then asks it there. */
export function NewChat({ hasDocuments }: { hasDocuments: boolean }) {
  const router = useRouter();
  const [problem, setProblem] = useState<string>();
  const [busy, setBusy] = useState(false);

  async function start(question: string) {
    setBusy(true);
    const res = await fetch('/api/chats', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title: question.slice(0, 80) }),
    });
    if (!res.ok) {
      setProblem(((await res.json()) as { error: string }).error);
      setBusy(false);
      return;
    }
    const chat = (await res.json()) as { id: string };
    router.push(`/chats/${chat.id}?ask=${encodeURIComponent(question)}`);
    router.refresh();
  }

  return (
    <div className="flex flex-1 flex-col justify-center">
      <div className="mx-auto w-full max-w-3xl px-4 pb-4 text-center">
        <h1 className="text-2xl font-semibold tracking-tight">What would you like to know?</h1>
        <p className="mt-2 text-zinc-500">
          {hasDocuments
            ? 'Ask anything about your documents. Every answer cites the passages it comes from.'
            : 'Upload a document in the sidebar first, then ask about it here.'}
        </p>
        {problem && (
          <p role="alert" className="mt-2 text-sm text-red-600">
            {problem}
          </p>
        )}
      </div>
      <Composer busy={busy} onSend={start} />
    </div>
  );
}
