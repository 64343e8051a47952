'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { Dialog, DialogClose, DialogContent } from '@/components/ui/dialog';
import { focusComposerOnClose } from './composer-focus';
import type { ChatListItem } from './types';

export function RenameChatDialog({
  chat,
  open,
  onOpenChange,
}: {
  chat: ChatListItem;
  open: boolean;
  onOpenChange: (open: boolean) => void;
}) {
  const router = useRouter();
  const [problem, setProblem] = useState<string>();
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent title="Rename chat" onCloseAutoFocus={focusComposerOnClose}>
        <form
          className="mt-4 space-y-4"
          onSubmit={async (e) => {
            e.preventDefault();
            const title = String(new FormData(e.currentTarget).get('title') ?? '').trim();
            if (!title) return setProblem('A chat needs a title.');
            const res = await fetch(`/api/chats/${chat.id}`, {
              method: 'PATCH',
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify({ title }),
            });
            if (!res.ok) return setProblem(((await res.json()) as { error: string }).error);
            setProblem(undefined);
            onOpenChange(false);
            router.refresh();
          }}
        >
          <label className="block text-sm font-medium">
            Title
            <input
              name="title"
              defaultValue={chat.title}
              maxLength={200}
              autoFocus
              onFocus={(e) => e.currentTarget.select()}
              className="mt-1 block h-9 w-full rounded-md border border-input bg-background px-3 font-normal outline-none focus-visible:border-ring"
            />
          </label>
          {problem && (
            <p role="alert" className="text-sm text-destructive">
              {problem}
            </p>
          )}
          <div className="flex justify-end gap-2">
            <DialogClose asChild>
              <Button variant="outline">Cancel</Button>
            </DialogClose>
            <Button type="submit">Save</Button>
          </div>
        </form>
      </DialogContent>
    </Dialog>
  );
}
