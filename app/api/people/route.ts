import { storage } from '@/db';

export const dynamic = 'force-dynamic';

/** Everyone with an account, oldest first (admins only: authorize.ts). */
export async function GET() {
  return Response.json({ people: await storage().people.list() });
}
