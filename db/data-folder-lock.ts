/**
 * One server per data folder. Two on one folder would each take the other's answers in
 * progress for a crash's leftovers and read its documents again.
 *
 * The lock is SQLite's own, on a file of its own (folio.lock): an exclusive transaction the
 * server holds for as long as it runs. It is a lock of the operating system's, released when
 * the process ends however it ends, so a crash never leaves the folder locked, and it holds
 * between containers that share the folder. The holder writes its pid beside it (folio.pid),
 * for the next one's message; that file is read only while the lock is held.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';

export class DataFolderInUse extends Error {}

const holder = globalThis as typeof globalThis & { folioDataFolderLock?: Database.Database };

/** Takes the data folder for this process, or throws DataFolderInUse naming the holder's pid. */
export function lockDataFolder(dataDir: string): void {
  if (holder.folioDataFolderLock) return; // taken already (`next dev` reloads this module)
  fs.mkdirSync(dataDir, { recursive: true });
  const lock = new Database(path.join(dataDir, 'folio.lock'));
  try {
    lock.pragma('busy_timeout = 0');
    lock.pragma('journal_mode = OFF'); // it is never written: no journal file beside it
    lock.exec('BEGIN EXCLUSIVE');
  } catch (error) {
    lock.close();
    if ((error as { code?: string }).code !== 'SQLITE_BUSY') throw error;
    throw new DataFolderInUse(
      `Another Folio server${holderPid(dataDir)} is using the data folder ${dataDir}. Stop it first, or give this one a folder of its own with FOLIO_DATA_DIR.`,
    );
  }
  fs.writeFileSync(path.join(dataDir, 'folio.pid'), String(process.pid));
  holder.folioDataFolderLock = lock;
}

/** " (pid 1234)", from the pid file the holder wrote just after taking the lock. */
function holderPid(dataDir: string): string {
  // The holder may have the lock and not yet its pid written: a moment's wait covers that.
  for (let attempt = 0; attempt < 20; attempt++) {
    const pid = Number(readOrEmpty(path.join(dataDir, 'folio.pid')));
    if (pid > 0 && pid !== process.pid && isRunning(pid)) return ` (pid ${pid})`;
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
  }
  return '';
}

function readOrEmpty(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8').trim();
  } catch {
    return '';
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as { code?: string }).code === 'EPERM'; // alive, another user's
  }
}
