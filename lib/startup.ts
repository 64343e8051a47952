import fs from 'node:fs';
import { isStorageError, openStorage, type StorageSettings, storage } from '@/db';
import { shareAnswersThrough } from './chat/active-answers';
import { RedisAnswers } from './chat/redis-answers';
import { ConfigError, getConfig } from './config';
import { uploadTempDir } from './documents/files';
import { missingLanguages } from './documents/ocr/languages';
import { readers } from './documents/readers';
import { keepBeating } from './heartbeat';
import { instanceId } from './instance';
import { whyNotHybrid } from './rag/retriever';
import { connectRedis, RedisUnavailable, shareRedis } from './redis';
import { stopGracefullyOnSignals } from './shutdown';

/** Where the storage settings point, said without a password. */
function describeStorage(settings: StorageSettings): string {
  if (settings.backend === 'sqlite') return `SQLite in ${settings.dataDir}`;
  const url = new URL(settings.url);
  url.password = '';
  return `PostgreSQL at ${url} (FOLIO_DATABASE_URL)`;
}

/** The configuration, checked beyond its variables' values: the OCR languages' data is there. */
function checkedConfig() {
  const config = getConfig();
  const missing = missingLanguages(config.ocrLanguages);
  if (missing.length > 0) {
    throw new ConfigError(
      `Invalid configuration:\n  FOLIO_OCR_LANGUAGES: no OCR language data for ${missing.join(', ')}; install it with: npm install ${missing.map((code) => `@tesseract.js-data/${code}`).join(' ')}`,
    );
  }
  return config;
}

/**
 * Checks the configuration, opens the storage (on SQLite taking the data folder, one server at
 * a time; applying migrations), connects to Redis when configured, and recovers from a crash:
 * uploads cut off by it are removed, and from then on this instance keeps a lease (heartbeat.ts)
 * under which answers and documents left by an instance that died are marked interrupted and
 * read again, hears of documents queued on any instance, and stops gracefully (shutdown.ts). Bad configuration, or a database that cannot be reached or
 * used (or a data folder another server is using), stops start-up with a message that says
 * which and why.
 */
export async function startUp() {
  try {
    await openStorage(checkedConfig().storage);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`Folio cannot start. ${error.message}`);
    } else if (isStorageError(error)) {
      const where = describeStorage(getConfig().storage);
      console.error(`Folio cannot start: cannot use ${where}. ${(error as Error).message}`);
    } else {
      throw error;
    }
    process.exit(1);
  }
  console.log(`Folio keeps its data in ${describeStorage(getConfig().storage)}.`);
  await shareThroughRedis();
  fs.rmSync(uploadTempDir(), { recursive: true, force: true });
  const hybridOff = whyNotHybrid();
  if (hybridOff) console.warn(hybridOff);
  await keepBeating();
  // A document queued on any instance is taken at once by whichever has a free reader.
  await storage().jobs.onQueued(() => readers.wake());
  stopGracefullyOnSignals();
}

/**
 * With FOLIO_REDIS_URL, answers in flight are shared with the other instances through Redis; a
 * Redis that cannot be reached at start stops start-up saying so.
 */
async function shareThroughRedis() {
  const { redisUrl, leaseMs } = getConfig();
  if (!redisUrl) return;
  try {
    const redis = await connectRedis(redisUrl);
    shareRedis(redis);
    shareAnswersThrough(await RedisAnswers.open(redis, instanceId(), leaseMs));
  } catch (error) {
    if (!(error instanceof RedisUnavailable)) throw error;
    const url = new URL(redisUrl);
    url.password = '';
    console.error(`Folio cannot start: cannot use Redis at ${url}. ${error.message}`);
    process.exit(1);
  }
  console.log(`Folio is instance ${instanceId()}, sharing answers in flight through Redis.`);
}
