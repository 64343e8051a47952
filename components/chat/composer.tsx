'use client';

import { type Ref, useState } from 'react';
import { UploadButton } from '@/components/documents/upload-button';
import { Button } from '@/components/ui/button';
import { ArrowUp, Square } from '@/components/ui/icons';

/**
 * The question box: Enter sends, Shift+Enter adds a line; while an answer comes, it can be
 * stopped. Documents are added from it too: its upload button is one Shift+Tab away.
 */
export function Composer({
  busy,
  onSend,
  onStop,
  placeholder = 'Ask a question about your documents…',
  autoFocus,
  inputRef,
}: {
  busy?: boolean;
  onSend: (text: string) => void;
  onStop?: () => void;
  placeholder?: string;
  autoFocus?: boolean;
  inputRef?: Ref<HTMLTextAreaElement>;
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
      className="mx-auto w-full max-w-3xl px-3 pb-3 sm:px-4 sm:pb-4"
      onSubmit={(e) => {
        e.preventDefault();
        send();
      }}
    >
      <div className="flex items-end gap-2 rounded-2xl border border-input bg-background p-2 shadow-sm focus-within:border-ring">
        <UploadButton variant="icon" label="Add documents" />
        <textarea
          ref={inputRef}
          data-composer
          data-focus-home
          aria-label="Question"
          rows={1}
          value={text}
          placeholder={placeholder}
          // biome-ignore lint/a11y/noAutofocus: on a new chat, typing the question is the only thing to do
          autoFocus={autoFocus}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
              e.preventDefault();
              send();
            }
          }}
          className="field-sizing-content max-h-48 min-h-9 flex-1 resize-none bg-transparent px-2 py-1.5 outline-none placeholder:text-muted-foreground"
        />
        {busy && onStop ? (
          <Button aria-label="Stop answer" onClick={onStop} size="round">
            <Square aria-hidden className="size-3.5 fill-current" />
          </Button>
        ) : (
          <Button type="submit" aria-label="Send" disabled={!text.trim() || busy} size="round">
            <ArrowUp aria-hidden />
          </Button>
        )}
      </div>
      <p className="mt-1.5 hidden text-center text-xs text-muted-foreground sm:block">
        Enter sends · Shift+Enter adds a line{onStop ? ' · Esc stops an answer' : ''}
      </p>
    </form>
  );
}
