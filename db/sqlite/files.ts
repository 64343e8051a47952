import fs from 'node:fs/promises';
import { eq, sql } from 'drizzle-orm';
import type { Files } from '../storage';
import type { SqliteContext } from './context';
import { documents } from './schema';

/** Originals live in the data folder, one file each, named by their SHA-256. */
export function sqliteFiles({ db, filePath }: SqliteContext): Files {
  const fileOf = db
    .select({ name: documents.name, mediaType: documents.mediaType, sha256: documents.sha256 })
    .from(documents)
    .where(eq(documents.id, sql.placeholder('id')))
    .prepare();

  return {
    async read(documentId) {
      const file = fileOf.get({ id: documentId });
      if (!file) return undefined;
      try {
        const bytes = new Uint8Array(await fs.readFile(filePath(file.sha256)));
        return { name: file.name, mediaType: file.mediaType, bytes };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
          return { name: file.name, mediaType: file.mediaType, bytes: null };
        }
        throw error;
      }
    },
  };
}
