/**
 * A failure below the seam (a lock held too long, a full disk, a lost connection), whichever
 * backend it came from: callers tell it apart from their own failures without knowing either.
 */
export class StorageError extends Error {
  override name = 'StorageError';
}

/**
 * Whether an error is, or was caused by, a StorageError. By name rather than instanceof: the
 * server's bundles may each hold their own copy of this module.
 */
export function isStorageError(error: unknown): boolean {
  for (let e = error; e instanceof Error; e = e.cause) {
    if (e.name === 'StorageError') return true;
  }
  return false;
}

/** The error as a StorageError, keeping it as the cause. */
export function asStorageError(error: unknown): Error {
  if (isStorageError(error)) return error as Error;
  const reason = error instanceof Error ? error.message : String(error);
  return new StorageError(reason, { cause: error });
}

/**
 * A concern whose every function turns what it throws into a StorageError; `prepare`, when
 * given, makes each call's arguments fit the backend first.
 */
export function guarded<T extends object>(concern: T, prepare?: (args: unknown[]) => unknown[]): T {
  const wrapped: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(concern)) {
    wrapped[name] =
      typeof value === 'function'
        ? async (...args: unknown[]) => {
            try {
              return await value(...(prepare ? prepare(args) : args));
            } catch (error) {
              throw asStorageError(error);
            }
          }
        : value;
  }
  return wrapped as T;
}
