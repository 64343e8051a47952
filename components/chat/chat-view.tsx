'use client';

import { useChat } from '@ai-sdk/react';
import { DefaultChatTransport } from 'ai';
import { useSearchParams } from 'next/navigation';
import { type ReactNode, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { ShareButton } from '@/components/accounts/share-dialog';
import { PageHeader, useReloadChats } from '@/components/app-shell';
import { DocumentPicker } from '@/components/documents/document-picker';
import { DocumentViewer } from '@/components/documents/document-viewer';
import { SourcesPanel } from '@/components/sources/sources-panel';
import { Button } from '@/components/ui/button';
import { ArrowDown, RotateCcw } from '@/components/ui/icons';
import type { Source } from '@/db';
import type { ChatUIMessage } from '@/lib/chat/types';
import { Composer } from './composer';
import { focusComposerOnClose } from './composer-focus';
import {
  AssistantMessage,
  preloadAnswerMarkdown,
  sourcesOf,
  textOf,
  UserMessage,
} from './message-view';
import { useFollowScroll } from './use-follow-scroll';

/** After asking the server to stop, how long to wait for it to end the stream itself. */
const stopGraceMs = 3000;

export interface ChatInfo {
  id: string;
  title: string;
  documentIds: string[];
}

/**
 * The transport to the chat's routes. Re-attaching names the answer the page saw being written,
 * so that one that ended meanwhile comes back whole, not as nothing.
 */
function useChatTransport(chatId: string, resumeAnswerId: string | undefined) {
  return useMemo(
    () =>
      new DefaultChatTransport<ChatUIMessage>({
        api: `/api/chats/${chatId}/messages`,
        // The server keeps the history: it needs only the new question, or which answer to redo.
        prepareSendMessagesRequest: ({ messages, trigger, messageId }) => ({
          body:
            trigger === 'regenerate-message'
              ? { regenerate: messageId }
              : { content: textOf(messages.at(-1)!) },
        }),
        prepareReconnectToStreamRequest: () => ({
          api: `/api/chats/${chatId}/stream${resumeAnswerId ? `?answer=${encodeURIComponent(resumeAnswerId)}` : ''}`,
        }),
      }),
    [chatId, resumeAnswerId],
  );
}

export function ChatView({
  chat,
  initialMessages,
  prerendered,
  shareable = false,
}: {
  chat: ChatInfo;
  initialMessages: ChatUIMessage[];
  /** Stored answers' Markdown, rendered on the server, by message id. */
  prerendered: Record<string, ReactNode>;
  /** Whether it may be shared by a link (FOLIO_AUTH=accounts). */
  shareable?: boolean;
}) {
  const reloadChats = useReloadChats();
  const firstQuestion = useSearchParams().get('ask');
  const [statusLine, setStatusLine] = useState<string>();
  const [documentIds, setDocumentIds] = useState(chat.documentIds);
  const [panel, setPanel] = useState<{ messageId: string; n?: number; open: boolean }>();
  const [viewing, setViewing] = useState<Source>();
  const stopTimer = useRef<number>(undefined);
  const { scroller, content, atBottom, scrollToBottom } = useFollowScroll<
    HTMLDivElement,
    HTMLDivElement
  >();

  const last = initialMessages.at(-1);
  // An answer still being written when the page loaded is picked up from its start.
  const resuming =
    last?.role === 'assistant' && last.metadata?.status === 'streaming' ? last.id : undefined;
  const composer = useRef<HTMLTextAreaElement>(null);
  const focusComposer = useCallback(() => {
    // After the dialog that had focus has gone.
    window.setTimeout(() => composer.current?.focus({ preventScroll: true }), 0);
  }, []);
  const { messages, setMessages, sendMessage, regenerate, status, stop, error, clearError } =
    useChat<ChatUIMessage>({
      id: chat.id,
      messages: initialMessages,
      transport: useChatTransport(chat.id, resuming),
      resume: resuming !== undefined,
      // Render at most every 40 ms while streaming, however fast the tokens come.
      throttle: 40,
      onData: (part) => {
        if (part.type === 'data-status') setStatusLine(part.data.message);
      },
      onFinish: () => {
        window.clearTimeout(stopTimer.current);
        setStatusLine(undefined);
        // The chat moved to the top of the list.
        reloadChats();
      },
    });
  const busy = status === 'submitted' || status === 'streaming';

  const ask = useCallback(
    (text: string) => {
      clearError();
      setStatusLine(undefined);
      void sendMessage({ text });
      scrollToBottom();
      focusComposer();
    },
    [sendMessage, clearError, scrollToBottom, focusComposer],
  );

  // The renderer for streamed answers is not part of the first load; fetch it once the page is up.
  useEffect(() => void preloadAnswerMarkdown(), []);

  // A chat started from the home page arrives with its first question in ?ask=.
  const asked = useRef(false);
  useEffect(() => {
    if (firstQuestion && !asked.current && initialMessages.length === 0) {
      asked.current = true;
      // Drop ?ask= without a server round trip while the answer starts.
      window.history.replaceState(null, '', `/chats/${chat.id}`);
      ask(firstQuestion);
    }
  }, [firstQuestion, initialMessages.length, chat.id, ask]);

  /** Stopping is the server's job: a dropped connection alone would let the answer finish. */
  const stopAnswer = useCallback(async () => {
    setStatusLine('Stopping…');
    const res = await fetch(`/api/chats/${chat.id}/stop`, { method: 'POST' }).catch(
      () => undefined,
    );
    window.clearTimeout(stopTimer.current);
    stopTimer.current = window.setTimeout(
      async () => {
        await stop();
        setMessages((list) =>
          list.map((m, i) =>
            i === list.length - 1 && m.role === 'assistant'
              ? { ...m, metadata: { ...m.metadata, status: 'stopped' } }
              : m,
          ),
        );
      },
      res?.ok ? stopGraceMs : 0,
    );
  }, [chat.id, stop, setMessages]);

  useEffect(() => {
    if (!busy) return;
    const onKey = (e: KeyboardEvent) => {
      // Dialogs and menus close on Escape first; only a free Escape stops the answer.
      if (e.key === 'Escape' && !e.defaultPrevented) void stopAnswer();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [busy, stopAnswer]);

  const redo = useCallback(
    (messageId: string) => {
      clearError();
      setStatusLine(undefined);
      void regenerate({ messageId });
    },
    [regenerate, clearError],
  );

  const openSources = useCallback((messageId: string, n?: number) => {
    setPanel({ messageId, n, open: true });
  }, []);

  const pickDocuments = async (ids: string[]) => {
    setDocumentIds(ids);
    await fetch(`/api/chats/${chat.id}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ documentIds: ids }),
    });
  };

  const panelMessage = panel && messages.find((m) => m.id === panel.messageId);
  const lastMessage = messages.at(-1);
  // The question is on its way and no part of the answer has come back yet.
  const waiting = busy && lastMessage?.role === 'user';

  return (
    <div className="flex min-h-0 flex-1">
      <div className="flex min-w-0 flex-1 flex-col">
        <PageHeader>
          <h1 className="min-w-0 flex-1 truncate font-medium">{chat.title}</h1>
          <DocumentPicker selected={documentIds} onChange={pickDocuments} />
          {shareable && <ShareButton chatId={chat.id} />}
        </PageHeader>
        <div ref={scroller} className="relative min-h-0 flex-1 overflow-y-auto">
          <div ref={content} className="mx-auto max-w-3xl space-y-6 px-4 py-6">
            {messages.length === 0 && (
              <p className="text-center text-muted-foreground">
                Ask a question about your documents below.
              </p>
            )}
            {messages.map((m, i) =>
              m.role === 'user' ? (
                <UserMessage key={m.id} message={m} />
              ) : (
                <AssistantMessage
                  key={m.id}
                  message={m}
                  streaming={busy && i === messages.length - 1}
                  statusLine={statusLine}
                  failure={
                    status === 'error' && i === messages.length - 1 ? error?.message : undefined
                  }
                  prerendered={prerendered[m.id]}
                  onOpenSources={openSources}
                  onRegenerate={redo}
                />
              ),
            )}
            {waiting && (
              <p
                role="status"
                className="flex h-8 items-center gap-2 text-sm text-muted-foreground"
              >
                <span className="size-2 animate-pulse rounded-full bg-current" aria-hidden />
                {statusLine ?? 'Sending…'}
              </p>
            )}
            {status === 'error' && lastMessage?.role === 'user' && (
              <div role="alert" className="flex items-center gap-3 text-sm text-destructive">
                {error?.message ?? 'The question did not reach the server.'}
                <Button
                  variant="outline"
                  size="sm"
                  onClick={() => {
                    setMessages(messages.slice(0, -1));
                    ask(textOf(lastMessage));
                  }}
                >
                  <RotateCcw aria-hidden className="size-3.5" /> Retry
                </Button>
              </div>
            )}
          </div>
        </div>
        <div className="relative">
          {!atBottom && (
            <Button
              variant="outline"
              size="round-sm"
              aria-label="Scroll to the latest"
              className="absolute -top-12 left-1/2 -translate-x-1/2 shadow"
              onClick={() => scrollToBottom('smooth')}
            >
              <ArrowDown aria-hidden />
            </Button>
          )}
          <Composer busy={busy} onSend={ask} onStop={stopAnswer} inputRef={composer} />
        </div>
      </div>
      <SourcesPanel
        open={Boolean(panel?.open && panelMessage)}
        onOpenChange={(open) => {
          setPanel((p) => p && { ...p, open });
          if (!open) focusComposer();
        }}
        sources={panelMessage ? sourcesOf(panelMessage) : []}
        selected={panel?.n}
        onView={setViewing}
        onCloseAutoFocus={focusComposerOnClose}
      />
      <DocumentViewer
        source={viewing}
        onClose={() => setViewing(undefined)}
        onCloseAutoFocus={focusComposerOnClose}
      />
    </div>
  );
}
