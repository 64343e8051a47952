'use client';

import { useChat } from '@ai-sdk/react';
import { DefaultChatTransport } from 'ai';
import { useRouter, useSearchParams } from 'next/navigation';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { ChatUIMessage } from '@/lib/chat/types';
import { Composer } from './composer';
import { MessageView } from './message-view';

export function ChatView({
  chatId,
  initialMessages,
}: {
  chatId: string;
  initialMessages: ChatUIMessage[];
}) {
  const router = useRouter();
  const firstQuestion = useSearchParams().get('ask');
  const [statusLine, setStatusLine] = useState<string>();
  const transport = useMemo(
    () =>
      new DefaultChatTransport<ChatUIMessage>({
        api: `/api/chats/${chatId}/messages`,
        // The server keeps the history; it needs only the new question.
        prepareSendMessagesRequest: ({ messages }) => ({
          body: {
            content:
              messages
                .at(-1)
                ?.parts.map((p) => (p.type === 'text' ? p.text : ''))
                .join('') ?? '',
          },
        }),
      }),
    [chatId],
  );
  const { messages, sendMessage, status, stop, error } = useChat<ChatUIMessage>({
    id: chatId,
    messages: initialMessages,
    transport,
    onData: (part) => {
      if (part.type === 'data-status') setStatusLine(part.data.message);
    },
    onFinish: () => {
      setStatusLine(undefined);
      router.refresh();
    },
  });
  const busy = status === 'submitted' || status === 'streaming';

  // A chat started from the home page arrives with its first question in ?ask=.
  const asked = useRef(false);
  useEffect(() => {
    if (firstQuestion && !asked.current && initialMessages.length === 0) {
      asked.current = true;
      router.replace(`/chats/${chatId}`);
      sendMessage({ text: firstQuestion });
    }
  }, [firstQuestion, initialMessages.length, chatId, router, sendMessage]);

  return (
    <div className="flex min-h-0 flex-1 flex-col">
      <div className="min-h-0 flex-1 overflow-y-auto">
        <div className="mx-auto max-w-3xl space-y-6 px-4 py-6">
          {messages.length === 0 && (
            <p className="text-center text-zinc-500">Ask a question about your documents.</p>
          )}
          {messages.map((m) => (
            <MessageView key={m.id} message={m} />
          ))}
          {busy && statusLine && (
            <p role="status" className="animate-pulse text-sm text-zinc-500">
              {statusLine}
            </p>
          )}
          {error && (
            <p role="alert" className="text-sm text-red-600">
              {error.message}
            </p>
          )}
        </div>
      </div>
      <Composer busy={busy} onSend={(text) => sendMessage({ text })} onStop={stop} />
    </div>
  );
}
