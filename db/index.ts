/**
 * The app's storage: opened once at start with the configured settings, then the same for every
 * request (and, in a reader thread, for every document it reads). See storage.ts for the seam.
 */
import { asStorageError } from './errors';
import type { OpenOptions, Storage, StorageSettings } from './storage';

export { isStorageError, isStorageFull, StorageError } from './errors';
export type * from './storage';
export type * from './types';
export { collectionRoles, messageStatuses, personRoles } from './types';

// Kept on globalThis: the server's bundles (instrumentation, each route) share one storage.
const holder = globalThis as typeof globalThis & { folioStorage?: Storage };

/**
 * Opens the backend the settings name, applying its migrations, and makes it this process's.
 * Whatever stops it (a database that cannot be reached, read or migrated) is a StorageError
 * that says why.
 */
export async function openStorage(
  settings: StorageSettings,
  options: OpenOptions = {},
): Promise<Storage> {
  let opened: Storage;
  try {
    opened =
      settings.backend === 'postgres'
        ? await (await import('./postgres')).openPostgres(settings, options)
        : await (await import('./sqlite')).openSqlite(settings, options);
  } catch (error) {
    throw asStorageError(error);
  }
  holder.folioStorage = opened;
  return opened;
}

/** The storage opened at start. */
export function storage(): Storage {
  if (!holder.folioStorage) throw new Error('Storage is used before it was opened at start.');
  return holder.folioStorage;
}

/** Closes this process's storage, if open. */
export async function closeStorage(): Promise<void> {
  const opened = holder.folioStorage;
  holder.folioStorage = undefined;
  await opened?.close();
}
