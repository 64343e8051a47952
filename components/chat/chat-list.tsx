'use client';

import Link from 'next/link';
import { useParams, useRouter } from 'next/navigation';
import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { cn } from '@/components/ui/cn';
import { ConfirmDialog } from '@/components/ui/confirm';
import { MessageSquare, MoreHorizontal } from '@/components/ui/icons';
import { menuTriggerProps, onDemand, whenOpen } from '@/components/ui/on-demand';
import { focusComposerOnClose } from './composer-focus';
import type { ChatListItem } from './types';

const ChatRowMenu = onDemand<{ onRename: () => void; onDelete: () => void }>(
  () => import('./chat-row-menu').then((m) => m.ChatRowMenu),
  { opens: 'pointerdown', plainProps: menuTriggerProps },
);
const RenameChatDialog = whenOpen(() =>
  import('./rename-chat-dialog').then((m) => m.RenameChatDialog),
);

function ChatRow({ chat, current }: { chat: ChatListItem; current: boolean }) {
  const router = useRouter();
  const [renaming, setRenaming] = useState(false);
  const [deleting, setDeleting] = useState(false);
  return (
    <li
      className={cn(
        'group flex items-center rounded-md hover:bg-muted',
        current && 'bg-muted font-medium',
      )}
    >
      <Link
        href={`/chats/${chat.id}`}
        aria-current={current ? 'page' : undefined}
        className="flex min-w-0 flex-1 items-center gap-2 rounded-md px-2 py-1.5 text-sm outline-none focus-visible:outline-2 focus-visible:outline-ring"
      >
        <MessageSquare className="size-4 shrink-0 text-muted-foreground" aria-hidden />
        <span className="truncate">{chat.title}</span>
      </Link>
      <ChatRowMenu
        onRename={() => setRenaming(true)}
        onDelete={() => setDeleting(true)}
        trigger={
          <Button
            variant="ghost"
            size="icon-sm"
            className="opacity-60 group-hover:opacity-100 focus-visible:opacity-100 data-[state=open]:opacity-100"
            aria-label={`Options for ${chat.title}`}
          >
            <MoreHorizontal aria-hidden />
          </Button>
        }
      />
      <RenameChatDialog chat={chat} open={renaming} onOpenChange={setRenaming} />
      <ConfirmDialog
        open={deleting}
        onOpenChange={setDeleting}
        title={`Delete “${chat.title}”?`}
        description="The chat and all its answers are deleted. Your documents stay in the library."
        confirmLabel="Delete chat"
        onCloseAutoFocus={focusComposerOnClose}
        onConfirm={async () => {
          await fetch(`/api/chats/${chat.id}`, { method: 'DELETE' });
          if (current) router.push('/');
          router.refresh();
        }}
      />
    </li>
  );
}

/** The chats, most recently used first. */
export function ChatList({ chats }: { chats: ChatListItem[] }) {
  const { id } = useParams<{ id?: string }>();
  return (
    <nav aria-label="Chats" className="flex min-h-0 flex-1 flex-col px-2">
      {chats.length === 0 ? (
        <p className="px-2 py-1 text-sm text-muted-foreground">
          No chats yet. Ask a question to start one.
        </p>
      ) : (
        <ul className="min-h-0 flex-1 space-y-0.5 overflow-y-auto">
          {chats.map((chat) => (
            <ChatRow key={chat.id} chat={chat} current={chat.id === id} />
          ))}
        </ul>
      )}
    </nav>
  );
}
