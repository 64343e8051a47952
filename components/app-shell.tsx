'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { createContext, type ReactNode, useCallback, useContext, useEffect, useState } from 'react';
import { AccountPanel, type SignedInPerson } from '@/components/accounts/account-panel';
import { ChatList } from '@/components/chat/chat-list';
import type { ChatListItem } from '@/components/chat/types';
import { DocumentLibrary } from '@/components/documents/document-library';
import { DocumentsProvider } from '@/components/documents/documents-provider';
import { WindowDropZone } from '@/components/documents/drop-zone';
import type { LibraryDocument } from '@/components/documents/types';
import { Button, buttonStyles } from '@/components/ui/button';
import { cn } from '@/components/ui/cn';
import { Menu as MenuIcon, Plus } from '@/components/ui/icons';
import { Modal } from '@/components/ui/modal';
import { useMediaQuery } from '@/components/ui/use-media-query';

const SidebarSheetContext = createContext<() => void>(() => {});
const ReloadChatsContext = createContext<() => void>(() => {});

/**
 * Fetches the chat list again (an answer moves its chat to the top) without re-rendering the
 * page from the server, which would redo every answer's Markdown.
 */
export function useReloadChats() {
  return useContext(ReloadChatsContext);
}

function SidebarContent({ chats, person }: { chats: ChatListItem[]; person?: SignedInPerson }) {
  return (
    <div className="flex h-full min-h-0 flex-col">
      <div className="flex items-center justify-between px-4 pt-3 pb-2">
        <span className="text-lg font-semibold tracking-tight">Folio</span>
      </div>
      <div className="px-2 pb-2">
        <Link href="/" className={buttonStyles('outline', 'w-full', 'md', 'start')}>
          <Plus aria-hidden /> New chat
        </Link>
      </div>
      <ChatList chats={chats} />
      <DocumentLibrary />
      {person && <AccountPanel person={person} />}
    </div>
  );
}

/**
 * The frame of every page: the sidebar with chats and documents beside the page. Below the md
 * breakpoint the sidebar becomes a sheet opened from the page header.
 */
export function AppShell({
  chats,
  documents,
  person,
  children,
}: {
  chats: ChatListItem[];
  documents: LibraryDocument[];
  /** Who is signed in, with FOLIO_AUTH=accounts. */
  person?: SignedInPerson;
  children: ReactNode;
}) {
  const [sheetOpen, setSheetOpen] = useState(false);
  const [chatList, setChatList] = useState(chats);
  // A server render (navigation, rename, delete) brings the list too.
  useEffect(() => setChatList(chats), [chats]);
  const reloadChats = useCallback(async () => {
    const res = await fetch('/api/chats').catch(() => undefined);
    if (res?.ok) setChatList(((await res.json()) as { chats: ChatListItem[] }).chats);
  }, []);
  const wide = useMediaQuery('(min-width: 768px)');
  const pathname = usePathname();
  // Choosing a chat or growing the window past the breakpoint puts the sheet away.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on navigation on purpose
  useEffect(() => setSheetOpen(false), [pathname, wide]);

  return (
    <DocumentsProvider initialDocuments={documents}>
      <SidebarSheetContext.Provider value={() => setSheetOpen(true)}>
        <ReloadChatsContext.Provider value={reloadChats}>
          <WindowDropZone />
          <div className="flex h-dvh">
            <aside
              aria-label="Chats and documents"
              className="hidden w-72 shrink-0 border-r bg-sidebar md:block"
            >
              <SidebarContent chats={chatList} person={person} />
            </aside>
            <Modal
              open={sheetOpen}
              onOpenChange={setSheetOpen}
              placement="left"
              title="Chats and documents"
              hideTitle
            >
              <SidebarContent chats={chatList} person={person} />
            </Modal>
            {/* Focus lands here when what had it has gone and the page has no question box. */}
            <main
              tabIndex={-1}
              data-focus-home
              className="flex min-w-0 flex-1 flex-col outline-none"
            >
              {children}
            </main>
          </div>
        </ReloadChatsContext.Provider>
      </SidebarSheetContext.Provider>
    </DocumentsProvider>
  );
}

/** A page's top bar; on narrow screens it starts with the button that opens the sidebar. */
export function PageHeader({ className, children }: { className?: string; children: ReactNode }) {
  const openSidebar = useContext(SidebarSheetContext);
  return (
    <header className={cn('flex h-13 shrink-0 items-center gap-2 border-b px-3', className)}>
      <Button
        variant="ghost"
        size="icon"
        className="md:hidden"
        aria-label="Open chats and documents"
        onClick={openSidebar}
      >
        <MenuIcon aria-hidden />
      </Button>
      {children}
    </header>
  );
}
