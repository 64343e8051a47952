import fs from 'node:fs';
import { getDb } from '@/db/client';
import { DataFolderInUse, lockDataFolder } from '@/db/data-folder-lock';
import { indexQueuedDocuments, markStreamingMessagesInterrupted } from '@/db/queries';
import { startWalCheckpoints } from '@/db/wal-checkpoints';
import { type Config, ConfigError, getConfig } from './config';
import { uploadTempDir } from './documents/files';
import { resumeIngestion } from './documents/ingest';
import { missingLanguages } from './documents/ocr/languages';

/** The configuration, or a message naming the variable and an exit. */
function configOrExit(): Config {
  try {
    const config = getConfig();
    const missing = missingLanguages(config.ocrLanguages);
    if (missing.length > 0) {
      throw new ConfigError(
        `Invalid configuration:\n  FOLIO_OCR_LANGUAGES: no OCR language data for ${missing.join(', ')}; install it with: npm install ${missing.map((code) => `@tesseract.js-data/${code}`).join(' ')}`,
      );
    }
    return config;
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`Folio cannot start. ${error.message}`);
    process.exit(1);
  }
}

/**
 * Checks the configuration, takes the data folder (one server at a time), applies migrations,
 * starts the thread that copies the write-ahead log into the database, indexes documents an
 * upgrade left out of the search index, and recovers from a crash: uploads cut off by it are
 * removed, answers that were streaming when the last process died are marked interrupted, and
 * documents it was reading are read again. Bad configuration, or a folder another server is
 * using, stops start-up with a message saying which.
 */
export async function startUp() {
  const { dataDir } = configOrExit();
  try {
    lockDataFolder(dataDir);
  } catch (error) {
    if (!(error instanceof DataFolderInUse)) throw error;
    console.error(`Folio cannot start. ${error.message}`);
    process.exit(1);
  }
  fs.rmSync(uploadTempDir(), { recursive: true, force: true });
  getDb();
  startWalCheckpoints();
  const indexed = await indexQueuedDocuments();
  if (indexed > 0) console.warn(`Indexed ${indexed} document(s) into the new search index.`);
  const interrupted = await markStreamingMessagesInterrupted();
  if (interrupted > 0) console.warn(`Marked ${interrupted} unfinished answer(s) as interrupted.`);
  const resumed = resumeIngestion();
  if (resumed > 0) console.warn(`Reading ${resumed} document(s) again after an interrupted start.`);
}
