'use client';

import { useEffect, useState } from 'react';
import { Button } from '@/components/ui/button';
import { ExternalLink } from '@/components/ui/icons';
import { Modal } from '@/components/ui/modal';
import { Problem, problemOf, ShownOnce, send } from './fields';

/**
 * Sharing a chat read-only by a link: whoever has the link sees its questions and answers with
 * their sources, and nothing else, until its owner revokes it.
 */
export function ShareButton({ chatId }: { chatId: string }) {
  const [open, setOpen] = useState(false);
  const [shared, setShared] = useState<boolean>();
  const [link, setLink] = useState<string>();
  const [problem, setProblem] = useState<string>();

  useEffect(() => {
    if (!open) return;
    setLink(undefined);
    setProblem(undefined);
    send('GET', `/api/chats/${chatId}/share`).then(async (res) => {
      if (res?.ok) setShared(((await res.json()) as { shared: boolean }).shared);
    });
  }, [open, chatId]);

  async function share() {
    const res = await send('POST', `/api/chats/${chatId}/share`);
    setProblem(res?.ok ? undefined : await problemOf(res));
    if (res?.ok) {
      setLink(((await res.json()) as { link: string }).link);
      setShared(true);
    }
  }

  async function revoke() {
    const res = await send('DELETE', `/api/chats/${chatId}/share`);
    setProblem(res?.ok ? undefined : await problemOf(res));
    if (res?.ok) {
      setLink(undefined);
      setShared(false);
    }
  }

  return (
    <>
      <Button variant="ghost" size="sm" onClick={() => setOpen(true)}>
        <ExternalLink aria-hidden /> Share
      </Button>
      <Modal open={open} onOpenChange={setOpen} title="Share this chat">
        <div className="space-y-4 text-sm">
          <p className="text-muted-foreground">
            Anyone with the link can read this chat&apos;s answers and open the passages they cite,
            without signing in. They cannot ask, or see anything else.
          </p>
          {link && <ShownOnce label="Link to this chat" value={link} />}
          {shared && !link && <p>This chat is shared by a link.</p>}
          <Problem>{problem}</Problem>
          <div className="flex justify-end gap-2">
            {shared && (
              <Button variant="outline" onClick={revoke}>
                Revoke link
              </Button>
            )}
            <Button onClick={share}>{shared ? 'Make a new link' : 'Create link'}</Button>
          </div>
        </div>
      </Modal>
    </>
  );
}
