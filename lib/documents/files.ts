import path from 'node:path';
import { getConfig } from '@/lib/config';

/** Where the original bytes of a file live: named by their SHA-256, never by the upload's name. */
export function storedFilePath(sha256: string): string {
  return path.join(getConfig().dataDir, 'files', sha256.slice(0, 2), sha256);
}

/** Where uploads stream to before they are known to be whole. */
export function uploadTempDir(): string {
  return path.join(getConfig().dataDir, 'uploads');
}
