'use client';

import { ArrowUp, Square } from 'lucide-react';
import { useState } from 'react';
import { Button } from '@/components/ui/button';

/** The question box: Enter sends, Shift+Enter adds a line, Escape stops an answer. */
export function Composer({
  busy,
  onSend,
  onStop,
  placeholder = 'Ask a question about your documents…',
}: {
  busy?: boolean;
  onSend: (text: string) => void;
  onStop?: () => void;
  placeholder?: string;
}) {
  const [text, setText] = useState('');
  const send = () => {
    const question = text.trim();
    if (!question || busy) return;
    onSend(question);
    setText('');
  };
  return (
    <form
      className="mx-auto w-full max-w-3xl px-4 pb-4"
      onSubmit={(e) => {
        e.preventDefault();
        send();
      }}
    >
      <div className="flex items-end gap-2 rounded-2xl border border-zinc-300 bg-white p-2 shadow-sm focus-within:border-zinc-500 dark:border-zinc-700 dark:bg-zinc-900">
        <textarea
          aria-label="Question"
          rows={1}
          value={text}
          placeholder={placeholder}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
              e.preventDefault();
              send();
            } else if (e.key === 'Escape' && busy) {
              onStop?.();
            }
          }}
          className="max-h-48 min-h-9 flex-1 resize-none bg-transparent px-2 py-1.5 outline-none field-sizing-content"
        />
        {busy ? (
          <Button aria-label="Stop" onClick={onStop} className="size-9 rounded-full p-0">
            <Square className="size-4" aria-hidden />
          </Button>
        ) : (
          <Button
            type="submit"
            aria-label="Send"
            disabled={!text.trim()}
            className="size-9 rounded-full p-0"
          >
            <ArrowUp className="size-4" aria-hidden />
          </Button>
        )}
      </div>
    </form>
  );
}
