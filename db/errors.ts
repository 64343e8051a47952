/**
 * A failure below the seam (a lock held too long, a full disk, a lost connection), whichever
 * backend it came from: callers tell it apart from their own failures without knowing either.
 * `diskFull`: the store ran out of space (or quota), which its backend recognised.
 */
export class StorageError extends Error {
  override name = 'StorageError';
  readonly diskFull: boolean;

  constructor(message: string, options: { cause?: unknown; diskFull?: boolean } = {}) {
    super(message, { cause: options.cause });
    this.diskFull = options.diskFull ?? false;
  }
}

/** The StorageError an error is or was caused by. By name rather than instanceof: the server's
 * bundles may each hold their own copy of this module. */
function storageErrorOf(error: unknown): StorageError | undefined {
  for (let e = error; e instanceof Error; e = e.cause) {
    if (e.name === 'StorageError') return e as StorageError;
  }
  return undefined;
}

/** Whether an error is, or was caused by, a StorageError. */
export function isStorageError(error: unknown): boolean {
  return storageErrorOf(error) !== undefined;
}

/** Whether an error is, or was caused by, the store running out of space. */
export function isStorageFull(error: unknown): boolean {
  return storageErrorOf(error)?.diskFull === true;
}

/** How a backend recognises its own disk-full errors (a driver's or the file system's codes). */
export type DiskFullTest = (error: unknown) => boolean;

/** Whether an error, or one of its causes, has one of these codes. */
export function hasCode(error: unknown, codes: ReadonlySet<string>): boolean {
  for (let e = error; e instanceof Error; e = e.cause) {
    const { code } = e as { code?: unknown };
    if (typeof code === 'string' && codes.has(code)) return true;
  }
  return false;
}

/** The error as a StorageError, keeping it as the cause. */
export function asStorageError(error: unknown, isDiskFull?: DiskFullTest): Error {
  if (isStorageError(error)) return error as Error;
  const reason = error instanceof Error ? error.message : String(error);
  return new StorageError(reason, { cause: error, diskFull: isDiskFull?.(error) });
}

/**
 * A concern whose every function turns what it throws into a StorageError, recognising a full
 * disk by `isDiskFull`; `prepare`, when given, makes each call's arguments fit the backend first.
 */
export function guarded<T extends object>(
  concern: T,
  { isDiskFull, prepare }: { isDiskFull: DiskFullTest; prepare?: (args: unknown[]) => unknown[] },
): T {
  const wrapped: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(concern)) {
    wrapped[name] =
      typeof value === 'function'
        ? async (...args: unknown[]) => {
            try {
              return await value(...(prepare ? prepare(args) : args));
            } catch (error) {
              throw asStorageError(error, isDiskFull);
            }
          }
        : value;
  }
  return wrapped as T;
}
