import { getConfig } from '@/lib/config';
import { requestSource } from './forwarded';

/**
 * A link to a page of Folio for someone else to open (an invitation, a shared chat): at
 * FOLIO_PUBLIC_URL when set, else at the address this request reached Folio at.
 */
export function linkTo(path: string, req: Request): string {
  const { publicUrl } = getConfig();
  if (publicUrl) return new URL(path, publicUrl).toString();
  const source = requestSource(req.headers);
  return new URL(path, `${source.https ? 'https' : 'http'}://${source.host}`).toString();
}
