import { type Chat, storage } from '@/db';

/** A chat as GET /api/chats/:id returns it: with its messages and their sources. */
export async function chatWithMessages(chat: Chat) {
  const messages = await storage().messages.list(chat.id);
  return { ...chat, messages: messages.map(({ chatId: _, ...message }) => message) };
}
