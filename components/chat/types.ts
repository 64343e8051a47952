import type { Chat } from '@/db';

/** A chat as the chat list shows it. */
export type ChatListItem = Pick<Chat, 'id' | 'title'>;
