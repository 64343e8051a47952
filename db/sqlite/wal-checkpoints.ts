import { Worker } from 'node:worker_threads';

/**
 * Starts the thread that checkpoints the database's write-ahead log once a second; once, when
 * the server opens its storage. No connection checkpoints on its own (client.ts): SQLite's
 * default has the connection whose commit takes the log past 1000 pages copy the whole log into
 * the database and sync it, there and then, which on the server's thread stalls every answer
 * streaming (bench:load).
 */
export function startWalCheckpoints(file: string): Worker {
  const worker = new Worker(new URL('./wal-checkpointer.ts', import.meta.url), {
    name: 'wal-checkpoint', // the thread's name in top -H and /proc
    workerData: { file },
  });
  worker.unref();
  worker.on('error', (error) => console.error('The write-ahead log checkpointer stopped:', error));
  return worker;
}
