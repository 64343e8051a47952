import { notFound } from 'next/navigation';
import { ChatView } from '@/components/chat/chat-view';
import { getChat, listMessages } from '@/db/queries';
import { toUIMessage } from '@/lib/chat/ui-messages';

export default async function ChatPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const chat = getChat(id);
  if (!chat) notFound();
  return (
    <>
      <header className="border-b border-zinc-200 px-4 py-3 dark:border-zinc-800">
        <h1 className="truncate font-medium">{chat.title}</h1>
      </header>
      <ChatView key={id} chatId={id} initialMessages={listMessages(id).map(toUIMessage)} />
    </>
  );
}
