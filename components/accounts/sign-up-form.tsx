'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { LockKeyhole } from '@/components/ui/icons';
import { Field, Problem, problemOf, send } from './fields';

/** Signing up with email and password, with an invitation's token when the link had one. */
export function SignUpForm({
  invitation,
  email: invited,
}: {
  invitation?: string;
  email?: string;
}) {
  const router = useRouter();
  const [name, setName] = useState('');
  const [email, setEmail] = useState(invited ?? '');
  const [password, setPassword] = useState('');
  const [problem, setProblem] = useState<string>();
  const [busy, setBusy] = useState(false);

  async function signUp() {
    setBusy(true);
    setProblem(undefined);
    const res = await send('POST', '/api/accounts', { name, email, password, invitation });
    setBusy(false);
    if (res?.ok) {
      router.replace('/');
      router.refresh();
      return;
    }
    setProblem(await problemOf(res));
  }

  return (
    <form
      className="w-full max-w-sm space-y-4 rounded-xl border bg-background p-6 shadow-sm"
      onSubmit={(e) => {
        e.preventDefault();
        signUp();
      }}
    >
      <div className="flex items-center gap-2">
        <LockKeyhole className="size-5 text-muted-foreground" aria-hidden />
        <h1 className="text-lg font-semibold">Sign up for Folio</h1>
      </div>
      {invitation && (
        <p className="rounded-md bg-muted p-3 text-sm">You were invited: choose your password.</p>
      )}
      <Field
        label="Name"
        autoComplete="name"
        required
        value={name}
        onChange={(e) => setName(e.target.value)}
      />
      <Field
        label="Email"
        type="email"
        autoComplete="email"
        required
        readOnly={Boolean(invited)}
        value={email}
        onChange={(e) => setEmail(e.target.value)}
      />
      <Field
        label="Password (at least 10 characters)"
        type="password"
        autoComplete="new-password"
        required
        minLength={10}
        value={password}
        onChange={(e) => setPassword(e.target.value)}
      />
      <Problem>{problem}</Problem>
      <Button
        type="submit"
        className="w-full"
        disabled={busy || !name || !email || password.length < 10}
      >
        Sign up
      </Button>
      <p className="text-center text-sm text-muted-foreground">
        Have an account?{' '}
        <Link
          href="/sign-in"
          className="font-medium text-foreground underline-offset-4 hover:underline"
        >
          Sign in
        </Link>
      </p>
    </form>
  );
}
