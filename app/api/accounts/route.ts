import { z } from 'zod';
import { signUp } from '@/lib/access/sign-up';
import { handle, readJson } from '@/lib/http';

export const dynamic = 'force-dynamic';

const signUpSchema = z.object({
  name: z.string().trim().min(1, 'name must not be empty').max(200),
  email: z.email({ message: 'email must be an email address' }).max(320),
  password: z.string().min(10, 'password must be at least 10 characters').max(256),
  invitation: z.string().max(200).optional(),
});

/**
 * Signs a person up with email and password, and signs them in: the first person as admin,
 * then those an admin invited (with the invitation's token), or anyone when sign-up is open
 * (waiting for an admin's approval).
 */
export function POST(req: Request) {
  return handle(async () => signUp(await readJson(req, signUpSchema), req.headers));
}
