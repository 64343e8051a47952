/**
 * How db/queries uses SQLite's one write lock without stalling the server.
 *
 * Document readers store documents from threads of their own, each with its own connection, and
 * hold the write lock while they do (about a second for a 600-page PDF). The server's thread
 * streams every answer and must never sleep waiting for that lock, so its connection has no busy
 * timeout (client.ts), and each of its writes goes through `write`: one IMMEDIATE transaction,
 * tried again after an asynchronous pause while the lock is taken, so the event loop goes on
 * serving meanwhile. A reader thread's connection waits in SQLite's busy handler instead, which
 * only blocks that thread.
 */
import { busyTimeoutMs, getDb } from './client';

/**
 * A value built on its first use, then reused: a prepared query, a transaction wrapper. With a
 * hundred answers starting or ending within a second, drizzle building each query and SQLite
 * preparing it cost three times what running it did, all on the thread that streams the answers.
 * A default computed in JavaScript ($defaultFn) would be computed once, at building: such columns
 * get placeholders.
 */
export function preparedOnce<T>(build: () => T): () => T {
  let value: T | undefined;
  return () => {
    value ??= build();
    return value;
  };
}

const transactions = preparedOnce(() => {
  const run = getDb().$client.transaction((body: () => unknown) => body());
  return { read: run.deferred, write: run.immediate };
});

/** Runs `read` in one read transaction: everything it reads is from the same moment. */
export function inReadTransaction<T>(read: () => T): T {
  return transactions().read(read) as T;
}

/**
 * Runs `body` in one IMMEDIATE transaction now, waiting for the lock only as this thread's
 * connection does (not at all on the server's thread: see above).
 */
export function inWriteTransaction<T>(body: () => T): T {
  return transactions().write(body) as T;
}

/** `body`'s result, or, when the write lock was taken and nothing was written, why. */
export function writeIfFree<T>(body: () => T): { written: T } | { busy: unknown } {
  try {
    return { written: inWriteTransaction(body) };
  } catch (error) {
    if (sqliteCode(error) === 'SQLITE_BUSY') return { busy: error };
    throw error;
  }
}

/**
 * Runs `body` in one IMMEDIATE transaction, waiting for the write lock as long as a busy timeout
 * would, but between tries rather than asleep in SQLite.
 */
export async function write<T>(body: () => T): Promise<T> {
  const deadline = performance.now() + busyTimeoutMs;
  for (let waitMs = 1; ; waitMs = Math.min(2 * waitMs, 50)) {
    const result = writeIfFree(body);
    if ('written' in result) return result.written;
    if (performance.now() > deadline) throw result.busy;
    await new Promise((resolve) => setTimeout(resolve, waitMs));
  }
}

/** Whether an error came from the database (a lock, a full disk), however it was wrapped. */
export function isStorageError(error: unknown): boolean {
  return sqliteCode(error)?.startsWith('SQLITE_') ?? false;
}

/** better-sqlite3's error code, whether drizzle passed the error on or wrapped it. */
function sqliteCode(error: unknown): string | undefined {
  for (let e = error; e instanceof Error; e = e.cause) {
    if ('code' in e && typeof e.code === 'string') return e.code;
  }
  return undefined;
}
