'use client';

import { useCallback, useEffect, useState } from 'react';
import { Button } from '@/components/ui/button';
import type { Person, PersonRole } from '@/db/types';
import { Field, Problem, problemOf, Section, SettingsPage, ShownOnce, send } from './fields';

const roleNames: Record<PersonRole, string> = {
  admin: 'Admin',
  member: 'Member',
  pending: 'Waiting for approval',
};

/** For admins: everyone with an account, their roles, and invitations. */
export function PeopleManager() {
  const [people, setPeople] = useState<Person[]>([]);
  const [invitations, setInvitations] = useState<Array<{ email: string; expiresAt: string }>>([]);
  const [email, setEmail] = useState('');
  const [link, setLink] = useState<string>();
  const [problem, setProblem] = useState<string>();

  const load = useCallback(async () => {
    const [p, i] = await Promise.all([send('GET', '/api/people'), send('GET', '/api/invitations')]);
    if (p?.ok) setPeople(((await p.json()) as { people: Person[] }).people);
    if (i?.ok)
      setInvitations(((await i.json()) as { invitations: typeof invitations }).invitations);
  }, []);
  useEffect(() => {
    load();
  }, [load]);

  async function act(res: Response | undefined) {
    setProblem(res?.ok ? undefined : await problemOf(res));
    await load();
    return res;
  }

  async function inviteSomeone() {
    setLink(undefined);
    const res = await act(await send('POST', '/api/invitations', { email }));
    if (res?.ok) {
      setLink(((await res.json()) as { link: string }).link);
      setEmail('');
    }
  }

  return (
    <SettingsPage>
      <Section
        title="Invite someone"
        description="They sign up through the link, which works for a week. Send it to them yourself."
      >
        <form
          className="flex items-end gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            inviteSomeone();
          }}
        >
          <Field
            label="Email"
            type="email"
            required
            className="flex-1"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
          />
          <Button type="submit" disabled={!email}>
            Invite
          </Button>
        </form>
        {link && <ShownOnce label="Invitation link" value={link} />}
        {invitations.length > 0 && (
          <ul className="divide-y rounded-lg border text-sm">
            {invitations.map((invitation) => (
              <li key={invitation.email} className="flex items-center gap-2 px-3 py-2">
                <span className="min-w-0 flex-1 truncate">{invitation.email}</span>
                <span className="text-muted-foreground">invited</span>
                <Button
                  variant="ghost"
                  size="sm"
                  onClick={async () =>
                    act(
                      await send(
                        'DELETE',
                        `/api/invitations/${encodeURIComponent(invitation.email)}`,
                      ),
                    )
                  }
                >
                  Withdraw
                </Button>
              </li>
            ))}
          </ul>
        )}
      </Section>
      <Section title="People" description="Admins look after people and can read every collection.">
        <Problem>{problem}</Problem>
        <ul className="divide-y rounded-lg border text-sm">
          {people.map((person) => (
            <li key={person.id} className="flex flex-wrap items-center gap-2 px-3 py-2">
              <div className="min-w-0 flex-1">
                <p className="truncate font-medium">{person.name}</p>
                <p className="truncate text-muted-foreground">{person.email}</p>
              </div>
              {person.role === 'pending' ? (
                <Button
                  size="sm"
                  onClick={async () =>
                    act(await send('PATCH', `/api/people/${person.id}`, { role: 'member' }))
                  }
                >
                  Approve
                </Button>
              ) : null}
              <select
                aria-label={`Role of ${person.email}`}
                value={person.role}
                onChange={async (e) =>
                  act(await send('PATCH', `/api/people/${person.id}`, { role: e.target.value }))
                }
                className="h-7 rounded-md border border-input bg-background px-2 text-xs"
              >
                {Object.entries(roleNames).map(([role, name]) => (
                  <option key={role} value={role}>
                    {name}
                  </option>
                ))}
              </select>
              <Button
                variant="ghost"
                size="sm"
                onClick={async () => act(await send('DELETE', `/api/people/${person.id}/sessions`))}
              >
                Sign out everywhere
              </Button>
              <Button
                variant="ghost"
                size="sm"
                className="text-destructive"
                onClick={async () => {
                  if (window.confirm(`Remove ${person.email}, their chats and personal library?`)) {
                    await act(await send('DELETE', `/api/people/${person.id}`));
                  }
                }}
              >
                Remove
              </Button>
            </li>
          ))}
        </ul>
      </Section>
    </SettingsPage>
  );
}
