import path from 'node:path';
import { getConfig } from '@/lib/config';

/** Where uploads stream to before they are known to be whole. */
export function uploadTempDir(): string {
  return path.join(getConfig().dataDir, 'uploads');
}
