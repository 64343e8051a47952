'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { LockKeyhole } from '@/components/ui/icons';
import { Field, Problem, problemOf, send } from './fields';

/**
 * Signing in with an account: email and password, or the OpenID Connect provider when one is
 * set up (`oidcName`).
 */
export function AccountSignInForm({
  destination,
  oidcName,
  notice,
}: {
  destination: string;
  oidcName?: string;
  notice?: string;
}) {
  const router = useRouter();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [problem, setProblem] = useState<string>();
  const [busy, setBusy] = useState(false);

  async function signIn() {
    setBusy(true);
    setProblem(undefined);
    const res = await send('POST', '/api/auth/sign-in/email', { email, password });
    setBusy(false);
    if (res?.ok) {
      router.replace(destination);
      router.refresh();
      return;
    }
    setProblem(
      res?.status === 401 ? 'That email and password do not match.' : await problemOf(res),
    );
  }

  async function signInWithProvider() {
    setBusy(true);
    const res = await send('POST', '/api/auth/sign-in/social', {
      provider: 'oidc',
      callbackURL: destination,
      errorCallbackURL: '/sign-in',
    });
    const body = res?.ok ? ((await res.json()) as { url?: string }) : undefined;
    if (body?.url) {
      window.location.assign(body.url);
      return;
    }
    setBusy(false);
    setProblem(await problemOf(res));
  }

  return (
    <div className="w-full max-w-sm space-y-4 rounded-xl border bg-background p-6 shadow-sm">
      <div className="flex items-center gap-2">
        <LockKeyhole className="size-5 text-muted-foreground" aria-hidden />
        <h1 className="text-lg font-semibold">Sign in to Folio</h1>
      </div>
      {notice && <p className="rounded-md bg-muted p-3 text-sm">{notice}</p>}
      <form
        className="space-y-4"
        onSubmit={(e) => {
          e.preventDefault();
          signIn();
        }}
      >
        <Field
          label="Email"
          type="email"
          autoComplete="email"
          required
          value={email}
          onChange={(e) => setEmail(e.target.value)}
        />
        <Field
          label="Password"
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
        <Problem>{problem}</Problem>
        <Button type="submit" className="w-full" disabled={busy || !email || !password}>
          Sign in
        </Button>
      </form>
      {oidcName && (
        <>
          <div className="flex items-center gap-3 text-xs text-muted-foreground">
            <span className="h-px flex-1 bg-border" />
            or
            <span className="h-px flex-1 bg-border" />
          </div>
          <Button variant="outline" className="w-full" disabled={busy} onClick={signInWithProvider}>
            Sign in with {oidcName}
          </Button>
        </>
      )}
      <p className="text-center text-sm text-muted-foreground">
        New here?{' '}
        <Link
          href="/sign-up"
          className="font-medium text-foreground underline-offset-4 hover:underline"
        >
          Sign up
        </Link>
      </p>
    </div>
  );
}
