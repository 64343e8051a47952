import { asc, eq } from 'drizzle-orm';
import type { Files } from '../storage';
import type { PgContext } from './context';
import { documents, fileParts } from './schema';

/** Originals live in the database, in parts (file_parts). */
export function pgFiles({ db }: PgContext): Files {
  return {
    async read(documentId) {
      const [file] = await db
        .select({ name: documents.name, mediaType: documents.mediaType, sha256: documents.sha256 })
        .from(documents)
        .where(eq(documents.id, documentId));
      if (!file) return undefined;
      const parts = await db
        .select({ bytes: fileParts.bytes })
        .from(fileParts)
        .where(eq(fileParts.sha256, file.sha256))
        .orderBy(asc(fileParts.part));
      // An empty file has no parts; the parts are written with the document, so never missing.
      const bytes = new Uint8Array(Buffer.concat(parts.map((p) => p.bytes)));
      return { name: file.name, mediaType: file.mediaType, bytes };
    },
  };
}
