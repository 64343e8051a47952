/**
 * Who may do what, in one place. The gate (gate.ts) asks `authorize` about every request before
 * any route sees it: each route and method needs a kind of right, over the chat, document or
 * collection its path names. Routes that list or search ask `readableDocuments` and
 * `ownChatIds` here for what their actor may see, and nothing else.
 *
 * Without accounts (FOLIO_AUTH none or password) the actor is `anyone` and may do everything
 * it always could; the routes that only make sense with accounts answer 404.
 *
 * With accounts: a chat is its owner's alone (an admin included); a document is read by the
 * members of its collection (viewer and up) and changed by its editors and owners; a
 * collection is shared and deleted by its owners; an admin may do all of that to every
 * collection, and look after people. Someone not allowed to see a thing is told it is not
 * there (404), so ids cannot be probed; someone who may see it but not change it gets 403.
 */
import { type CollectionRole, storage } from '@/db';
import type { Actor, PersonActor } from './actor';

/** What a request needs, over the thing its path names (the first group of its pattern). */
type Need =
  | 'nobody'
  | 'open'
  | 'person'
  | 'admin'
  | 'chat-owner'
  | 'document-read'
  | 'document-edit'
  | 'collection-read'
  | 'collection-own';

type Rule = { path: RegExp; needs: Record<string, Need>; accountsOnly?: boolean };

const id = '([^/]+)';
const anyMethod = (need: Need) => ({ '*': need });

/** Every route and page, with what each method needs. The first rule whose path matches applies. */
const rules: Rule[] = [
  { path: /^\/api\/health$/, needs: anyMethod('open') },
  { path: /^\/api\/session$/, needs: anyMethod('open') },
  { path: /^\/sign-in$/, needs: anyMethod('open') },
  { path: /^\/sign-up$/, needs: anyMethod('open'), accountsOnly: true },
  { path: /^\/shared\/[^/]+$/, needs: anyMethod('open'), accountsOnly: true },
  { path: /^\/api\/shared\/.+$/, needs: anyMethod('open'), accountsOnly: true },
  { path: /^\/api\/accounts$/, needs: anyMethod('open'), accountsOnly: true },
  // Folio signs people up itself (POST /api/accounts), checking invitations.
  { path: /^\/api\/auth\/sign-up\/.+$/, needs: anyMethod('nobody') },
  { path: /^\/api\/auth\/.+$/, needs: anyMethod('open'), accountsOnly: true },
  { path: /^\/api\/chats$/, needs: { GET: 'person', POST: 'person' } },
  {
    path: new RegExp(`^/api/chats/${id}(?:/(?:messages|stream|stop))?$`),
    needs: anyMethod('chat-owner'),
  },
  {
    path: new RegExp(`^/api/chats/${id}/share$`),
    needs: anyMethod('chat-owner'),
    accountsOnly: true,
  },
  { path: new RegExp(`^/chats/${id}$`), needs: anyMethod('chat-owner') },
  { path: /^\/api\/documents$/, needs: { GET: 'person', POST: 'person' } },
  {
    path: new RegExp(`^/api/documents/${id}$`),
    needs: { GET: 'document-read', DELETE: 'document-edit' },
  },
  {
    path: new RegExp(`^/api/documents/${id}/(?:file|text|pages/[^/]+/(?:words|text))$`),
    needs: { GET: 'document-read' },
  },
  { path: /^\/api\/search$/, needs: { GET: 'person' } },
  { path: /^\/api\/collections$/, needs: { GET: 'person', POST: 'person' }, accountsOnly: true },
  {
    path: new RegExp(`^/api/collections/${id}$`),
    needs: { GET: 'collection-read', PATCH: 'collection-own', DELETE: 'collection-own' },
    accountsOnly: true,
  },
  {
    path: new RegExp(`^/api/collections/${id}/members(?:/[^/]+)?$`),
    needs: { GET: 'collection-read', PUT: 'collection-own', DELETE: 'collection-own' },
    accountsOnly: true,
  },
  {
    path: /^\/api\/(?:people|invitations)(?:\/.+)?$/,
    needs: anyMethod('admin'),
    accountsOnly: true,
  },
  { path: /^\/people$/, needs: anyMethod('admin'), accountsOnly: true },
  {
    path: /^\/(?:api\/keys(?:\/[^/]+)?|keys|collections)$/,
    needs: anyMethod('person'),
    accountsOnly: true,
  },
];

/** Whether a path has a rule: every route of the API must (tests/unit/access/routes.test.ts). */
export function hasRule(pathname: string): boolean {
  return rules.some((r) => r.path.test(pathname));
}

function needOf(method: string, pathname: string): { need: Need; subject?: string } {
  const rule = rules.find((r) => r.path.test(pathname));
  // A route of the API with no rule is nobody's, so a new one is closed until it has one;
  // any other page is for people signed in.
  if (!rule) return { need: pathname.startsWith('/api/') ? 'nobody' : 'person' };
  const need = rule.needs[method] ?? rule.needs['*'] ?? rule.needs.GET;
  if (!need) return { need: 'person' };
  return { need, subject: rule.path.exec(pathname)?.[1] };
}

export type Verdict = { allowed: true } | { allowed: false; status: 403 | 404; error: string };

const allowed: Verdict = { allowed: true };
const notFound = (what: string): Verdict => ({
  allowed: false,
  status: 404,
  error: `No such ${what}.`,
});
const forbidden = (error: string): Verdict => ({ allowed: false, status: 403, error });

/** Whether a route is open to people not signed in, in this mode. */
export function isOpen(method: string, pathname: string, accounts: boolean): boolean {
  // A path that is nobody's answers 404 to all, signed in or not.
  const { need } = needOf(method, pathname);
  return (need === 'open' || need === 'nobody') && (accounts || !isAccountsOnly(pathname));
}

function isAccountsOnly(pathname: string): boolean {
  return rules.find((r) => r.path.test(pathname))?.accountsOnly === true;
}

const rank: Record<CollectionRole, number> = { viewer: 1, editor: 2, owner: 3 };

/** A person's role in a collection: an admin owns every one. */
export async function collectionRole(
  person: PersonActor,
  collectionId: string,
): Promise<CollectionRole | undefined> {
  if (person.role === 'admin') {
    return (await storage().collections.get(collectionId)) ? 'owner' : undefined;
  }
  const memberships = await storage().collections.membershipsOf(person.id);
  return memberships.find((m) => m.collectionId === collectionId)?.role;
}

/** A person's role over a document: that in its collection. */
async function documentRole(person: PersonActor, documentId: string) {
  const collectionId = await storage().collections.collectionOf(documentId);
  if (collectionId) return collectionRole(person, collectionId);
  // A document kept before accounts were on is in no collection: admins look after it.
  if (person.role === 'admin' && (await storage().documents.get(documentId))) return 'owner';
  return undefined;
}

/** Whether this actor (none: not signed in, on a route open to all) may make this request. */
export async function authorize(
  actor: Actor | undefined,
  method: string,
  pathname: string,
): Promise<Verdict> {
  const { need, subject = '' } = needOf(method, pathname);
  if (need === 'nobody') return notFound('page');
  if (!actor) return need === 'open' ? allowed : notFound('page');
  if (actor.kind === 'anyone') {
    return isAccountsOnly(pathname) && need !== 'open'
      ? notFound('page (it needs FOLIO_AUTH=accounts)')
      : allowed;
  }
  if (need === 'open') return allowed;
  if (actor.role === 'pending') {
    return forbidden('An admin has not approved your account yet.');
  }
  switch (need) {
    case 'person':
      return allowed;
    case 'admin':
      return actor.role === 'admin' ? allowed : forbidden('Only an admin may do that.');
    case 'chat-owner': {
      const owner = await storage().chatOwners.ownerOf(decodeURIComponent(subject));
      return owner === actor.id ? allowed : notFound('chat');
    }
    case 'document-read':
    case 'document-edit': {
      const role = await documentRole(actor, decodeURIComponent(subject));
      if (!role) return notFound('document');
      if (need === 'document-edit' && rank[role] < rank.editor) {
        return forbidden('Only an editor or owner of its collection may change this document.');
      }
      return allowed;
    }
    case 'collection-read':
    case 'collection-own': {
      const role = await collectionRole(actor, decodeURIComponent(subject));
      if (!role) return notFound('collection');
      return need === 'collection-own' && role !== 'owner'
        ? forbidden("Only the collection's owners may do that.")
        : allowed;
    }
  }
}

/**
 * The documents an actor may read: every one (`all`) for `anyone`, else those in the
 * collections they are a member of (every collection, and documents in none, for an admin).
 */
export async function readableDocuments(actor: Actor): Promise<'all' | string[]> {
  if (actor.kind === 'anyone') return 'all';
  const { collections, documents } = storage();
  if (actor.role === 'admin') return (await documents.list()).map((d) => d.id);
  if (actor.role === 'pending') return [];
  const memberships = await collections.membershipsOf(actor.id);
  return collections.documentIds(memberships.map((m) => m.collectionId));
}

/**
 * A document id no document has (they are UUIDs): a scope of it alone matches nothing, where
 * storage reads an empty scope as every document.
 */
const noDocument = 'no-document';

/**
 * What a search or an answer may draw on: the documents asked for (none: all), narrowed to those
 * the actor may read. `undefined` means every document.
 */
export async function searchScope(
  actor: Actor,
  asked: readonly string[],
): Promise<string[] | undefined> {
  const readable = await readableDocuments(actor);
  if (readable === 'all') return asked.length > 0 ? [...asked] : undefined;
  const may = new Set(readable);
  const scope = asked.length === 0 ? readable : asked.filter((documentId) => may.has(documentId));
  return scope.length > 0 ? scope : [noDocument];
}

/** The chats an actor sees in their list: all of them for `anyone`, else their own. */
export async function ownChatIds(actor: Actor): Promise<'all' | Set<string>> {
  if (actor.kind === 'anyone') return 'all';
  return new Set(await storage().chatOwners.chatIds(actor.id));
}

/** Whether a person may add documents to a collection (an editor or owner of it). */
export async function mayAddTo(person: PersonActor, collectionId: string): Promise<boolean> {
  const role = await collectionRole(person, collectionId);
  return role !== undefined && rank[role] >= rank.editor;
}

/** Whether an actor may read every one of these documents (to have a chat ask them). */
export async function mayReadAll(actor: Actor, documentIds: readonly string[]): Promise<boolean> {
  const readable = await readableDocuments(actor);
  if (readable === 'all' || documentIds.length === 0) return true;
  const may = new Set(readable);
  return documentIds.every((documentId) => may.has(documentId));
}

/** The documents an actor may read but not change: those in collections they only view. */
export async function readOnlyDocuments(actor: Actor): Promise<Set<string>> {
  if (actor.kind === 'anyone' || actor.role === 'admin') return new Set();
  const { collections } = storage();
  const memberships = await collections.membershipsOf(actor.id);
  const viewed = memberships.filter((m) => m.role === 'viewer').map((m) => m.collectionId);
  return new Set(await collections.documentIds(viewed));
}
