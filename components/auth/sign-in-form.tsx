'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { LockKeyhole } from '@/components/ui/icons';

export function SignInForm({ destination }: { destination: string }) {
  const router = useRouter();
  const [password, setPassword] = useState('');
  const [problem, setProblem] = useState<string>();
  const [busy, setBusy] = useState(false);

  async function signIn() {
    setBusy(true);
    setProblem(undefined);
    const res = await fetch('/api/session', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ password }),
    }).catch(() => undefined);
    setBusy(false);
    if (res?.ok) {
      router.replace(destination);
      router.refresh();
      return;
    }
    setProblem(
      res ? ((await res.json()) as { error: string }).error : 'Folio did not answer. Try again.',
    );
  }

  return (
    <form
      className="w-full max-w-sm space-y-4 rounded-xl border bg-background p-6 shadow-sm"
      onSubmit={(e) => {
        e.preventDefault();
        signIn();
      }}
    >
      <div className="flex items-center gap-2">
        <LockKeyhole className="size-5 text-muted-foreground" aria-hidden />
        <h1 className="text-lg font-semibold">Sign in to Folio</h1>
      </div>
      <label className="block space-y-1.5 text-sm">
        <span>Password</span>
        <input
          type="password"
          autoComplete="current-password"
          // biome-ignore lint/a11y/noAutofocus: the page has nothing else to do
          autoFocus
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          className="h-9 w-full rounded-md border border-input bg-background px-3 outline-none focus-visible:ring-2 focus-visible:ring-ring"
        />
      </label>
      {problem && (
        <p role="alert" className="text-sm text-destructive">
          {problem}
        </p>
      )}
      <Button type="submit" className="w-full" disabled={busy || !password}>
        Sign in
      </Button>
    </form>
  );
}
