'use client';

import type { ReactNode } from 'react';
import { CitationsContext } from '@/components/chat/citation-chip';
import type { Source } from '@/db/types';
import { sharedSourceId } from './shared-source-id';

/**
 * An answer on a shared chat: its [n] chips show where each claim comes from, and a click opens
 * that source's passage below the answer.
 */
export function SharedAnswer({
  messageId,
  sources,
  children,
}: {
  messageId: string;
  sources: Source[];
  children: ReactNode;
}) {
  function open(n: number) {
    const entry = document.getElementById(sharedSourceId(messageId, n));
    if (!(entry instanceof HTMLDetailsElement)) return;
    entry.open = true;
    entry.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
  }
  return (
    <CitationsContext.Provider value={{ sources, open }}>{children}</CitationsContext.Provider>
  );
}
