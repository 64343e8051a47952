import path from 'node:path';
import { getConfig } from '@/lib/config';

/** Where uploads stream to before they are known to be whole. */
export function uploadTempDir(): string {
  return path.join(getConfig().dataDir, 'uploads');
}

/** Why a document's original cannot be served or read: its bytes are gone from the store. */
export const originalMissing =
  'The original file of this document is missing from the data folder. Upload the file again to restore it.';
