/** Running out of disk space, known and said the same way wherever a write meets it. */
export const diskFullMessage =
  'The disk is full, so Folio could not store this. Free some space on the server and try again.';

/** Whether an error is the disk (or the user's quota) running out, from the file system or SQLite. */
export function isDiskFull(error: unknown): boolean {
  for (let e = error; e instanceof Error; e = e.cause) {
    const { code } = e as { code?: unknown };
    if (code === 'ENOSPC' || code === 'EDQUOT' || code === 'SQLITE_FULL') return true;
  }
  return false;
}
