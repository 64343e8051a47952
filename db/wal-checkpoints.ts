import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { getConfig } from '@/lib/config';

/**
 * Starts the thread that checkpoints the database's write-ahead log once a second; once, when
 * the server starts. No connection checkpoints on its own (client.ts): SQLite's default has the
 * connection whose commit takes the log past 1000 pages copy the whole log into the database
 * and sync it, there and then. On the server's thread that stalled every answer streaming: a
 * commit that took 0.3 ms took 9.7 ms when the copy fell on it.
 */
export function startWalCheckpoints(): void {
  const worker = new Worker(new URL('./wal-checkpointer.ts', import.meta.url), {
    name: 'wal-checkpoint', // the thread's name in top -H and /proc
    workerData: { file: path.join(getConfig().dataDir, 'folio.db') },
  });
  worker.unref();
  worker.on('error', (error) => console.error('The write-ahead log checkpointer stopped:', error));
}
