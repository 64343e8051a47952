import { type ChatSummary, listMessages } from '@/db/queries';

/** A chat as GET /api/chats/:id returns it: with its messages and their sources. */
export function chatWithMessages(chat: ChatSummary) {
  return {
    ...chat,
    messages: listMessages(chat.id).map(({ chatId: _, ...message }) => message),
  };
}
