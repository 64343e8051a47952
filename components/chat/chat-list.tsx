'use client';

import { MessageSquare, Plus } from 'lucide-react';
import Link from 'next/link';
import { useParams } from 'next/navigation';
import { buttonStyles } from '@/components/ui/button';
import { cn } from '@/components/ui/cn';
import type { ChatSummary } from '@/db/queries';

export function ChatList({ chats }: { chats: ChatSummary[] }) {
  const { id } = useParams<{ id?: string }>();
  return (
    <nav aria-label="Chats" className="flex min-h-0 flex-1 flex-col px-2">
      <Link href="/" className={buttonStyles('outline', 'mb-2 w-full justify-start')}>
        <Plus className="size-4" aria-hidden /> New chat
      </Link>
      {chats.length === 0 ? (
        <p className="px-2 py-1 text-sm text-zinc-500">No chats yet.</p>
      ) : (
        <ul className="min-h-0 flex-1 space-y-0.5 overflow-y-auto">
          {chats.map((chat) => (
            <li key={chat.id}>
              <Link
                href={`/chats/${chat.id}`}
                aria-current={chat.id === id ? 'page' : undefined}
                className={cn(
                  'flex items-center gap-2 truncate rounded-md px-2 py-1.5 text-sm hover:bg-zinc-200 dark:hover:bg-zinc-800',
                  chat.id === id && 'bg-zinc-200 font-medium dark:bg-zinc-800',
                )}
              >
                <MessageSquare className="size-4 shrink-0 text-zinc-500" aria-hidden />
                <span className="truncate">{chat.title}</span>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </nav>
  );
}
