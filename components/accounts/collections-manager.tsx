'use client';

import { useRouter } from 'next/navigation';
import { useCallback, useEffect, useRef, useState } from 'react';
import { Button } from '@/components/ui/button';
import { focusOrHome, replacementFor } from '@/components/ui/return-focus';
import type { CollectionMember, CollectionRole } from '@/db/types';
import { Field, inputStyles, Problem, problemOf, Section, SettingsPage, send } from './fields';

interface VisibleCollection {
  id: string;
  name: string;
  personalOf: string | null;
  role: CollectionRole;
  /** Whose personal library it is, when it is someone else's (an admin reads all). */
  ownerName?: string;
  documentIds: string[];
}

/** How the person stands to a collection, said after its count of documents. */
function standing(collection: VisibleCollection): string {
  if (collection.ownerName) return `${collection.ownerName} owns it; as an admin you may read it`;
  if (collection.personalOf) return 'you are its owner';
  return `you are ${collection.role === 'owner' ? 'an' : 'a'} ${collection.role}`;
}

const roleNames: Record<CollectionRole, string> = {
  owner: 'Owner',
  editor: 'Editor: adds and removes documents',
  viewer: 'Viewer: asks',
};

function Members({
  collection,
  onChange,
}: {
  collection: VisibleCollection;
  onChange: () => void;
}) {
  const [members, setMembers] = useState<CollectionMember[]>([]);
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<CollectionRole>('viewer');
  const [problem, setProblem] = useState<string>();
  const owns = collection.role === 'owner';
  const emailField = useRef<HTMLInputElement>(null);

  const load = useCallback(async () => {
    const res = await send('GET', `/api/collections/${collection.id}/members`);
    if (res?.ok) setMembers(((await res.json()) as { members: CollectionMember[] }).members);
  }, [collection.id]);
  useEffect(() => {
    load();
  }, [load]);

  async function act(res: Response | undefined) {
    setProblem(res?.ok ? undefined : await problemOf(res));
    if (res?.ok) setEmail('');
    await load();
    onChange();
  }

  return (
    <div className="space-y-2">
      <ul className="divide-y rounded-lg border text-sm">
        {members.map((member) => (
          <li key={member.userId} className="flex items-center gap-2 px-3 py-2">
            <span className="min-w-0 flex-1 truncate">
              {member.name} <span className="text-muted-foreground">{member.email}</span>
            </span>
            <span className="text-muted-foreground">{member.role}</span>
            {owns && (
              <Button
                variant="ghost"
                size="sm"
                aria-label={`Remove ${member.email}`}
                onClick={async (e) => {
                  // Its row goes: focus moves to the next member's Remove, or to adding one.
                  const row = e.currentTarget.closest('li');
                  const next = row ? replacementFor(row, emailField.current) : undefined;
                  const res = await send(
                    'DELETE',
                    `/api/collections/${collection.id}/members/${member.userId}`,
                  );
                  await act(res);
                  if (res?.ok) focusOrHome(next);
                }}
              >
                Remove
              </Button>
            )}
          </li>
        ))}
      </ul>
      {owns && (
        <form
          className="flex flex-wrap items-end gap-2"
          onSubmit={async (e) => {
            e.preventDefault();
            await act(
              await send('PUT', `/api/collections/${collection.id}/members`, { email, role }),
            );
          }}
        >
          <Field
            ref={emailField}
            label="Add someone by email"
            type="email"
            required
            className="min-w-48 flex-1"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
          />
          <label className="block space-y-1.5 text-sm">
            <span>as</span>
            <select
              aria-label="Role"
              value={role}
              onChange={(e) => setRole(e.target.value as CollectionRole)}
              className={inputStyles}
            >
              {Object.entries(roleNames).map(([value, name]) => (
                <option key={value} value={value}>
                  {name}
                </option>
              ))}
            </select>
          </label>
          <Button type="submit" disabled={!email}>
            Share
          </Button>
        </form>
      )}
      <Problem>{problem}</Problem>
    </div>
  );
}

function CollectionCard({
  collection,
  onChange,
}: {
  collection: VisibleCollection;
  onChange: () => void;
}) {
  const router = useRouter();
  const files = useRef<HTMLInputElement>(null);
  const [problem, setProblem] = useState<string>();
  const mayAdd = collection.role !== 'viewer';

  async function upload(list: FileList | null) {
    if (!list?.length) return;
    const form = new FormData();
    for (const file of list) form.append('file', file, file.name);
    const res = await fetch(`/api/documents?collection=${collection.id}`, {
      method: 'POST',
      body: form,
    }).catch(() => undefined);
    setProblem(res?.ok ? undefined : await problemOf(res));
    onChange();
    router.refresh();
  }

  return (
    <section aria-label={collection.name} className="space-y-3 rounded-xl border p-4">
      <div className="flex flex-wrap items-center gap-2">
        <div className="min-w-0 flex-1">
          <h3 className="truncate font-medium">{collection.name}</h3>
          <p className="text-sm text-muted-foreground">
            {collection.documentIds.length} document{collection.documentIds.length === 1 ? '' : 's'}{' '}
            · {standing(collection)}
          </p>
        </div>
        {mayAdd && (
          <>
            <input
              ref={files}
              type="file"
              multiple
              hidden
              aria-label={`Add documents to ${collection.name}`}
              onChange={(e) => upload(e.target.files)}
            />
            <Button variant="outline" size="sm" onClick={() => files.current?.click()}>
              Add documents
            </Button>
          </>
        )}
        {collection.role === 'owner' && !collection.personalOf && (
          <Button
            variant="ghost"
            size="sm"
            className="text-destructive"
            onClick={async (e) => {
              if (!window.confirm(`Delete “${collection.name}” and its documents?`)) return;
              // Its card goes: focus moves to the next collection's first control.
              const card = e.currentTarget.closest('section');
              const next = card ? replacementFor(card, null) : undefined;
              const res = await send('DELETE', `/api/collections/${collection.id}`);
              setProblem(res?.ok ? undefined : await problemOf(res));
              onChange();
              router.refresh();
              if (res?.ok) focusOrHome(next);
            }}
          >
            Delete
          </Button>
        )}
      </div>
      <Problem>{problem}</Problem>
      {!collection.personalOf && <Members collection={collection} onChange={onChange} />}
    </section>
  );
}

/** The collections a person may read: their personal library, and those shared with them. */
export function CollectionsManager() {
  const [collections, setCollections] = useState<VisibleCollection[]>([]);
  const [name, setName] = useState('');
  const [problem, setProblem] = useState<string>();

  const load = useCallback(async () => {
    const res = await send('GET', '/api/collections');
    if (res?.ok)
      setCollections(((await res.json()) as { collections: VisibleCollection[] }).collections);
  }, []);
  useEffect(() => {
    load();
  }, [load]);

  return (
    <SettingsPage>
      <Section
        title="New shared collection"
        description="Share documents with a team: editors add and remove documents, viewers ask about them."
      >
        <form
          className="flex items-end gap-2"
          onSubmit={async (e) => {
            e.preventDefault();
            const res = await send('POST', '/api/collections', { name });
            setProblem(res?.ok ? undefined : await problemOf(res));
            if (res?.ok) setName('');
            await load();
          }}
        >
          <Field
            label="Name"
            required
            className="flex-1"
            value={name}
            placeholder="HR"
            onChange={(e) => setName(e.target.value)}
          />
          <Button type="submit" disabled={!name}>
            Create
          </Button>
        </form>
        <Problem>{problem}</Problem>
      </Section>
      <Section title="Your collections">
        <div className="space-y-3">
          {collections.map((collection) => (
            <CollectionCard key={collection.id} collection={collection} onChange={load} />
          ))}
        </div>
      </Section>
    </SettingsPage>
  );
}
