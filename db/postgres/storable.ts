/**
 * Values as PostgreSQL can hold them. Its text and jsonb refuse U+0000, and jsonb also refuses a
 * lone surrogate; a PDF's text, a file name, a question or a model server's error message may
 * hold either. Each becomes U+FFFD, one UTF-16 unit for one, so offsets into a text stay exact
 * and a lookup by such an id finds nothing, as it would in SQLite.
 */
export function storable<T>(value: T): T {
  if (typeof value === 'string') return value.replaceAll('\0', '\uFFFD').toWellFormed() as T;
  if (Array.isArray(value)) return value.map(storable) as T;
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const copy: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) copy[key] = storable(v);
    return copy as T;
  }
  return value; // numbers, dates, byte arrays
}

export const storableArgs = (args: unknown[]) => args.map(storable);
