/** People with accounts on a Folio started with FOLIO_AUTH=accounts, for tests. */
export const accountsEnv = {
  FOLIO_AUTH: 'accounts',
  FOLIO_AUTH_SECRET: 'a-secret-for-tests-only-0123456789abcdef',
};

export interface Someone {
  email: string;
  password: string;
  /** The session cookie, as `name=value`. */
  cookie: string;
}

/** The session cookie a sign-up or sign-in answer sets. */
function sessionCookie(res: Response): string {
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .find((c) => /^(__Secure-)?folio\.session_token=/.test(c));
  if (!cookie) throw new Error(`No session cookie in the answer (${res.status}).`);
  return cookie;
}

const json = (body: unknown, headers: Record<string, string> = {}) => ({
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
});

/** Signs someone up with email and password (with an invitation's token, if they have one). */
export async function signUp(url: string, email: string, invitation?: string): Promise<Someone> {
  const password = `${email}-password`;
  const res = await fetch(`${url}/api/accounts`, {
    method: 'POST',
    ...json({ name: email.split('@')[0], email, password, invitation }),
  });
  if (!res.ok) throw new Error(`Sign-up of ${email}: ${res.status} ${await res.text()}`);
  return { email, password, cookie: sessionCookie(res) };
}

export async function signIn(url: string, email: string, password: string): Promise<string> {
  // better-auth wants the page's origin, as a browser sends it, from a client that sends
  // Fetch Metadata (Node's fetch does); scripts use API keys instead.
  const res = await fetch(`${url}/api/auth/sign-in/email`, {
    method: 'POST',
    ...json({ email, password }, { origin: url }),
  });
  if (!res.ok) throw new Error(`Sign-in of ${email}: ${res.status} ${await res.text()}`);
  return sessionCookie(res);
}

/** Has an admin invite someone; returns the invitation's token from its link. */
export async function invite(url: string, admin: Someone, email: string): Promise<string> {
  const res = await fetch(`${url}/api/invitations`, {
    method: 'POST',
    ...json({ email }, { cookie: admin.cookie }),
  });
  if (!res.ok) throw new Error(`Invitation of ${email}: ${res.status} ${await res.text()}`);
  const { link } = (await res.json()) as { link: string };
  return new URL(link).searchParams.get('invitation')!;
}

/** Makes an API key for someone signed in; returns the key. */
export async function makeKey(url: string, cookie: string, name = 'script'): Promise<string> {
  const res = await fetch(`${url}/api/keys`, {
    method: 'POST',
    ...json({ name }, { cookie }),
  });
  if (!res.ok) throw new Error(`API key: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { key: string }).key;
}
