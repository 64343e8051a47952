/**
 * Who is making a request, as the gate found out (gate.ts), and how it is handed on to the
 * route that answers it: in a header the gate sets and seals with a key of this process, so a
 * client that sends the header itself is not believed.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { headers } from 'next/headers';
import type { PersonRole } from '@/db';

export type Actor =
  /** FOLIO_AUTH=none, or password once signed in: everyone may do everything, as ever. */
  | { kind: 'anyone' }
  /** A person with an account, signed in by a session or an API key. */
  | { kind: 'person'; id: string; role: PersonRole; via: 'session' | 'key' };

export type PersonActor = Extract<Actor, { kind: 'person' }>;

export const actorHeader = 'x-folio-actor';

// Kept on globalThis: the proxy and the routes' bundles seal and open with the same key.
const holder = globalThis as typeof globalThis & { folioActorKey?: Buffer };
const sealKey = () => {
  holder.folioActorKey ??= randomBytes(32);
  return holder.folioActorKey;
};
const mac = (body: string) => createHmac('sha256', sealKey()).update(body).digest();

export function sealActor(actor: Actor): string {
  const body = Buffer.from(JSON.stringify(actor)).toString('base64url');
  return `${body}.${mac(body).toString('base64url')}`;
}

export function unsealActor(sealed: string | null): Actor | undefined {
  const [body, tag, ...rest] = (sealed ?? '').split('.');
  if (!body || !tag || rest.length > 0) return undefined;
  const given = Buffer.from(tag, 'base64url');
  const expected = mac(body);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  return JSON.parse(Buffer.from(body, 'base64url').toString()) as Actor;
}

/** The actor of the request being answered, as the gate sealed it. */
export async function requestActor(): Promise<Actor> {
  const actor = unsealActor((await headers()).get(actorHeader));
  // Only a route the proxy does not see could get here without one: it admits requests itself.
  if (!actor) throw new Error('A request reached a route without passing the gate.');
  return actor;
}
