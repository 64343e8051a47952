import { createHash, randomBytes } from 'node:crypto';

/** What is kept of a link's token: its SHA-256, so the database cannot be replayed as links. */
export const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

/** A new random token for a link (an invitation, a shared chat), and its hash to keep. */
export function newToken(): { token: string; hash: string } {
  const token = randomBytes(24).toString('base64url');
  return { token, hash: tokenHash(token) };
}
