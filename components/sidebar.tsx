import type { ChatSummary, DocumentRow } from '@/db/queries';
import { ChatList } from './chat/chat-list';
import { DocumentLibrary } from './documents/document-library';

export function Sidebar({ chats, documents }: { chats: ChatSummary[]; documents: DocumentRow[] }) {
  return (
    <aside className="flex w-72 shrink-0 flex-col border-r border-zinc-200 bg-zinc-50 dark:border-zinc-800 dark:bg-zinc-900">
      <div className="px-4 pt-4 pb-2 text-lg font-semibold tracking-tight">Folio</div>
      <ChatList chats={chats} />
      <DocumentLibrary documents={documents} />
    </aside>
  );
}
