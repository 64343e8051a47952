import { notFound } from 'next/navigation';
import { ChatView } from '@/components/chat/chat-view';
import { getChat, listMessages } from '@/db/queries';
import { toUIMessage } from '@/lib/chat/ui-messages';

export default async function ChatPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const chat = getChat(id);
  if (!chat) notFound();
  return (
    <ChatView
      key={id}
      chat={{ id, title: chat.title, documentIds: chat.documentIds }}
      initialMessages={listMessages(id).map(toUIMessage)}
    />
  );
}
