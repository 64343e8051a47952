import { isStorageFull } from '@/db';

/** Running out of disk space, known and said the same way wherever a write meets it. */
export const diskFullMessage =
  'The disk is full, so Folio could not store this. Free some space on the server and try again.';

/**
 * Whether an error is the disk (or the user's quota) running out: a file Folio writes itself
 * (an upload on its way in), or the storage, whose backend recognised it.
 */
export function isDiskFull(error: unknown): boolean {
  if (isStorageFull(error)) return true;
  for (let e = error; e instanceof Error; e = e.cause) {
    const { code } = e as { code?: unknown };
    if (code === 'ENOSPC' || code === 'EDQUOT') return true;
  }
  return false;
}
