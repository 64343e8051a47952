import { getDb } from '@/db/client';
import { indexQueuedDocuments, markStreamingMessagesInterrupted } from '@/db/queries';
import { startWalCheckpoints } from '@/db/wal-checkpoints';
import { ConfigError, getConfig } from './config';
import { resumeIngestion } from './documents/ingest';
import { missingLanguages } from './documents/ocr/languages';

/**
 * Checks the configuration, applies migrations, starts the thread that copies the write-ahead
 * log into the database, indexes documents an upgrade left out of the search index, and
 * recovers from a crash: answers that were streaming when the last process
 * died are marked interrupted, and documents it was reading are read again. Bad configuration
 * stops start-up with a message naming the variable.
 */
export async function startUp() {
  try {
    const missing = missingLanguages(getConfig().ocrLanguages);
    if (missing.length > 0) {
      throw new ConfigError(
        `Invalid configuration:\n  FOLIO_OCR_LANGUAGES: no OCR language data for ${missing.join(', ')}; install it with: npm install ${missing.map((code) => `@tesseract.js-data/${code}`).join(' ')}`,
      );
    }
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`Folio cannot start. ${error.message}`);
    process.exit(1);
  }
  getDb();
  startWalCheckpoints();
  const indexed = await indexQueuedDocuments();
  if (indexed > 0) console.warn(`Indexed ${indexed} document(s) into the new search index.`);
  const interrupted = await markStreamingMessagesInterrupted();
  if (interrupted > 0) console.warn(`Marked ${interrupted} unfinished answer(s) as interrupted.`);
  const resumed = resumeIngestion();
  if (resumed > 0) console.warn(`Reading ${resumed} document(s) again after an interrupted start.`);
}
