import { getConfig } from '@/lib/config';
import { requestSource } from './forwarded';

/**
 * Where people open Folio: FOLIO_PUBLIC_URL when set, else the origin this request reached
 * Folio at (read through trusted proxies only).
 */
export function folioOrigin(headers: Headers): string {
  const { publicUrl } = getConfig();
  if (publicUrl) return publicUrl.origin;
  const source = requestSource(headers);
  return `${source.https ? 'https' : 'http'}://${source.host}`;
}

/** A link to a page of Folio for someone else to open (an invitation, a shared chat). */
export function linkTo(path: string, req: Request): string {
  return new URL(path, folioOrigin(req.headers)).toString();
}
