/**
 * A chat shared by a link: what its page shows (the questions and answers with their sources)
 * and which documents' text it may open (those its answers cite), and nothing else.
 */
import { storage } from '@/db';
import { tokenHash } from './tokens';

export async function sharedChat(token: string) {
  const chatId = await storage().shareLinks.chatOf(tokenHash(token));
  const chat = chatId ? await storage().chats.get(chatId) : undefined;
  if (!chat) return undefined;
  const messages = (await storage().messages.list(chat.id))
    .filter((m) => m.status !== 'streaming')
    .map(({ id, role, content, status, createdAt, sources }) => ({
      id,
      role,
      content,
      status,
      createdAt,
      sources,
    }));
  return { title: chat.title, messages };
}

/** The text of a document the shared chat's answers cite; undefined for any other. */
export async function sharedDocumentText(token: string, documentId: string) {
  const chat = await sharedChat(token);
  const cited = chat?.messages.some((m) =>
    m.sources.some((s) => s.cited && s.documentId === documentId),
  );
  return cited ? storage().documents.text(documentId) : undefined;
}
