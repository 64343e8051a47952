'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import { Button } from '@/components/ui/button';
import { focusOrHome, replacementFor } from '@/components/ui/return-focus';
import {
  Field,
  inputStyles,
  Problem,
  problemOf,
  Section,
  SettingsPage,
  ShownOnce,
  send,
} from './fields';

interface ApiKey {
  id: string;
  name: string | null;
  start: string | null;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
}

const day = (date: string | null) => (date ? new Date(date).toLocaleDateString() : 'never');

/** A person's API keys: make one (shown once), see them by name and first letters, revoke. */
export function KeysManager() {
  const [keys, setKeys] = useState<ApiKey[]>([]);
  const [name, setName] = useState('');
  const [days, setDays] = useState('90');
  const [made, setMade] = useState<string>();
  const [problem, setProblem] = useState<string>();
  const nameField = useRef<HTMLInputElement>(null);

  const load = useCallback(async () => {
    const res = await send('GET', '/api/keys');
    if (res?.ok) setKeys(((await res.json()) as { keys: ApiKey[] }).keys);
  }, []);
  useEffect(() => {
    load();
  }, [load]);

  async function makeKey() {
    setMade(undefined);
    const res = await send('POST', '/api/keys', {
      name,
      ...(days !== 'never' && { expiresInDays: Number(days) }),
    });
    setProblem(res?.ok ? undefined : await problemOf(res));
    if (res?.ok) {
      setMade(((await res.json()) as { key: string }).key);
      setName('');
    }
    await load();
  }

  return (
    <SettingsPage>
      <Section
        title="New API key"
        description={
          <>
            A script sends it as <code>Authorization: Bearer …</code> and may do what you may.
          </>
        }
      >
        <form
          className="flex flex-wrap items-end gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            makeKey();
          }}
        >
          <Field
            ref={nameField}
            label="Name"
            required
            className="min-w-48 flex-1"
            value={name}
            placeholder="Nightly import"
            onChange={(e) => setName(e.target.value)}
          />
          <label className="block space-y-1.5 text-sm">
            <span>Expires</span>
            <select value={days} onChange={(e) => setDays(e.target.value)} className={inputStyles}>
              <option value="30">in 30 days</option>
              <option value="90">in 90 days</option>
              <option value="365">in a year</option>
              <option value="never">never</option>
            </select>
          </label>
          <Button type="submit" disabled={!name}>
            Create key
          </Button>
        </form>
        <Problem>{problem}</Problem>
        {made && <ShownOnce label="Your new API key" value={made} />}
      </Section>
      <Section title="Your keys">
        {keys.length === 0 ? (
          <p className="text-sm text-muted-foreground">You have no API keys.</p>
        ) : (
          <ul className="divide-y rounded-lg border text-sm">
            {keys.map((key) => (
              <li key={key.id} className="flex items-center gap-3 px-3 py-2">
                <div className="min-w-0 flex-1">
                  <p className="truncate font-medium">{key.name}</p>
                  <p className="truncate text-muted-foreground">
                    <span className="font-mono">{key.start}…</span> · made {day(key.createdAt)} ·
                    expires {day(key.expiresAt)} · last used {day(key.lastUsedAt)}
                  </p>
                </div>
                <Button
                  variant="ghost"
                  size="sm"
                  className="text-destructive"
                  onClick={async (e) => {
                    // Its row goes: focus moves to the next key's Revoke, or to a new key's name.
                    const row = e.currentTarget.closest('li');
                    const next = row ? replacementFor(row, nameField.current) : undefined;
                    const res = await send('DELETE', `/api/keys/${key.id}`);
                    await load();
                    if (res?.ok) focusOrHome(next);
                  }}
                >
                  Revoke
                </Button>
              </li>
            ))}
          </ul>
        )}
      </Section>
    </SettingsPage>
  );
}
