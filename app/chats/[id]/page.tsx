import { notFound } from 'next/navigation';
import { ChatView } from '@/components/chat/chat-view';
import { StaticAnswerMarkdown } from '@/components/chat/markdown';
import { storage } from '@/db';
import { toUIMessage } from '@/lib/chat/ui-messages';
import { getConfig } from '@/lib/config';

export default async function ChatPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const chat = await storage().chats.get(id);
  if (!chat) notFound();
  const messages = await storage().messages.list(id);
  // Finished answers are rendered here, so the browser needs no Markdown parser to show them.
  const prerendered = Object.fromEntries(
    messages
      .filter((m) => m.role === 'assistant' && m.content && m.status !== 'streaming')
      .map((m) => [
        m.id,
        <StaticAnswerMarkdown key={m.id} text={m.content} sourceCount={m.sources.length} />,
      ]),
  );
  return (
    <ChatView
      key={id}
      chat={{ id, title: chat.title, documentIds: chat.documentIds }}
      initialMessages={messages.map(toUIMessage)}
      prerendered={prerendered}
      shareable={getConfig().auth === 'accounts'}
    />
  );
}
