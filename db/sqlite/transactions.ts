/**
 * How the SQLite backend uses SQLite's one write lock without stalling the server.
 *
 * Document readers store documents from threads of their own, each with its own connection, and
 * hold the write lock while they do (about a second for a 600-page PDF). The server's thread
 * streams every answer and must never sleep waiting for that lock, so its connection has no busy
 * timeout (client.ts), and each of its writes is one IMMEDIATE transaction, tried again after an
 * asynchronous pause while the lock is taken, so the event loop goes on serving meanwhile. A
 * reader thread's connection waits in SQLite's busy handler instead, which only blocks that
 * thread.
 *
 * Reader threads run at the lowest priority (lib/documents/ingest-worker.ts). One starved while
 * it holds the lock makes the server's writes wait, for up to 30 s: that takes every core busy
 * for that long, when answers would be late anyway.
 *
 * Every write is IMMEDIATE: a deferred transaction can fail to upgrade its lock where an
 * immediate one waits its turn.
 */
import { busyTimeoutMs, type Db } from './client';

export interface Transactions {
  /** Runs `read` in one read transaction: everything it reads is from the same moment. */
  read<T>(read: () => T): T;
  /** Runs `body` in one IMMEDIATE transaction, waiting for the write lock as this thread may. */
  write<T>(body: () => T): Promise<T>;
  /** `body`'s result, or, when the write lock was taken and nothing was written, why. */
  writeIfFree<T>(body: () => T): { written: T } | { busy: unknown };
}

export function transactions(db: Db, { waitsAsleep }: { waitsAsleep: boolean }): Transactions {
  const run = db.$client.transaction((body: () => unknown) => body());
  const writeNow = <T>(body: () => T) => run.immediate(body) as T;

  function writeIfFree<T>(body: () => T): { written: T } | { busy: unknown } {
    try {
      return { written: writeNow(body) };
    } catch (error) {
      if ((error as { code?: unknown }).code === 'SQLITE_BUSY') return { busy: error };
      throw error;
    }
  }

  return {
    read: (read) => run.deferred(read) as ReturnType<typeof read>,
    write: async (body) => (waitsAsleep ? writeNow(body) : whileBusy(async () => writeNow(body))),
    writeIfFree,
  };
}

/**
 * Runs a write on the server's connection: while another connection holds the write lock it is
 * tried again after an asynchronous pause, for as long as a busy timeout would wait, so the
 * event loop goes on serving meanwhile. Also for writes that are not the backend's own
 * transactions (better-auth's adapter writes through drizzle).
 */
export async function whileBusy<T>(write: () => Promise<T>): Promise<T> {
  const deadline = performance.now() + busyTimeoutMs;
  for (let waitMs = 1; ; waitMs = Math.min(2 * waitMs, 50)) {
    try {
      return await write();
    } catch (error) {
      const busy = (error as { code?: unknown }).code === 'SQLITE_BUSY';
      if (!busy || performance.now() > deadline) throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, waitMs));
  }
}
