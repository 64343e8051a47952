import { storage } from '@/db';
import { getConfig } from './config';
import { readers } from './documents/readers';
import { instanceId } from './instance';

/**
 * Renews this instance's lease on the answers it writes and the documents it reads, then does
 * what dead instances left: their answers, still `streaming`, are marked interrupted with the
 * text they had checkpointed, and their documents are taken to read again. Another instance's
 * work is touched only once its lease has run out, so restarting one instance never cuts off
 * another's answers.
 */
async function beat(): Promise<void> {
  const { instances, messages } = storage();
  await instances.renew(instanceId(), getConfig().leaseMs);
  const interrupted = await messages.interruptOrphaned();
  if (interrupted > 0) {
    console.warn(`Marked ${interrupted} answer(s) interrupted: the instance writing them stopped.`);
  }
  readers.wake();
}

let timer: NodeJS.Timeout | undefined;

/** Beats at start, then three times a lease, so a lease outlives a late beat or two. */
export async function keepBeating(): Promise<void> {
  await beat();
  timer = setInterval(
    () => beat().catch((error) => console.error('Could not renew this instance’s lease:', error)),
    getConfig().leaseMs / 3,
  );
  timer.unref();
}

/** Renews the lease no more: the instance is stopping, and ends its lease itself. */
export function stopBeating(): void {
  clearInterval(timer);
}
