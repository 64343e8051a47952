/**
 * The storage seam: every read and write the app makes, grouped by concern, as async functions
 * whose types say nothing of the database behind them. Two backends implement it: SQLite
 * (db/sqlite, the default) and PostgreSQL (db/postgres).
 */
import type { drizzleAdapter } from 'better-auth/adapters/drizzle';
import type {
  AnswerOutcome,
  AnswerStart,
  Chat,
  Collection,
  CollectionMember,
  CollectionRole,
  Document,
  DocumentText,
  Invitation,
  Membership,
  Message,
  NewDocument,
  OriginalFile,
  PageWords,
  Passage,
  Person,
  PersonRole,
  RankedChunk,
  ReadDocument,
  ReadingProgress,
  Session,
} from './types';

/** Where the data lives, as the configuration says at start. */
export type StorageSettings =
  | { backend: 'sqlite'; dataDir: string }
  | { backend: 'postgres'; url: string };

export interface OpenOptions {
  /**
   * `server`: the thread that serves requests and streams every answer; its storage never
   * blocks it. `reader`: a document reader's thread, which may wait on the database.
   */
  role?: 'server' | 'reader';
}

export interface Documents {
  /** Newest first. */
  list(): Promise<Document[]>;
  get(id: string): Promise<Document | undefined>;
  /**
   * Keeps an upload: its bytes, moved from `path` (gone afterwards), and the document,
   * `processing` and queued to be read. When a document holds the same bytes already, none is
   * added and that one is returned: the check and the insert are one transaction, so the same
   * file uploaded twice at once makes one document. The bytes are kept all the same, which
   * restores an original the store had lost.
   */
  add(document: NewDocument, path: string): Promise<{ document: Document; inserted: boolean }>;
  /** The extracted text that passages point into, with where each page lies in it. */
  text(id: string): Promise<DocumentText | undefined>;
  /**
   * The words OCR recognised on one page (none on a page read from its text), for the viewer to
   * mark a passage on the page's picture; undefined when there is no such document or page.
   */
  pageWords(id: string, page: number): Promise<PageWords | undefined>;
  /** How many documents are ready, of these (empty or absent: of all). */
  countReady(documentIds?: readonly string[]): Promise<number>;
  /** Deletes a document with its passages, their index entries and its original bytes. */
  remove(id: string): Promise<boolean>;
}

/**
 * Reading documents: the queue of documents to read, and what readers write. A document is
 * queued while `processing`, and taken by one instance at a time to read.
 */
export interface ReadingJobs {
  /**
   * Takes the oldest document that waits to be read, or whose reader's instance has let its
   * lease run out, for `instanceId` to read; undefined when there is none. Instances taking at
   * once each get another. A document taken `maxAttempts` times already (its readers' instances
   * died each time) is failed instead, with a reason.
   */
  claim(instanceId: string, maxAttempts: number): Promise<string | undefined>;
  /** A failed document queued to be read again (the cause may be gone). */
  requeue(documentId: string): Promise<Document>;
  /**
   * Writes how far a reading has got. False when the document is no longer to be read (it was
   * deleted, or failed or completed meanwhile, on any instance): its reader should stop.
   */
  progress(documentId: string, progress: ReadingProgress): Promise<boolean>;
  /**
   * Makes a read document searchable: its passages, their index entries and its `ready` state
   * are written at once, so a crash never leaves half a document searchable. Only a document
   * still `processing` is completed: one deleted, failed or completed meanwhile (by another
   * reading of it) is left as it is, and the answer is false.
   */
  complete(documentId: string, read: ReadDocument): Promise<boolean>;
  /** Marks a document being read as failed, with a reason a person can act on. */
  fail(documentId: string, error: string): Promise<void>;
  /**
   * Puts the documents an instance was reading back in the queue, to be read from the start by
   * whichever instance takes them next, as it stops: that taking is not counted as an attempt.
   */
  release(instanceId: string): Promise<void>;
  /**
   * Calls `callback` whenever a document is queued to read, by any instance sharing the
   * storage, until the storage closes: so that a free reader anywhere takes it at once.
   */
  onQueued(callback: () => void): Promise<void>;
}

export interface Files {
  /** A document's original bytes, or undefined when there is no such document. */
  read(documentId: string): Promise<OriginalFile | undefined>;
}

export type SearchScope = {
  k: number;
  /** Only passages of these documents; empty or absent means all. */
  documentIds?: readonly string[];
};

export interface Search {
  /** The k best passages for a query by BM25, best first. Any text is a safe query. */
  passages(query: string, scope: SearchScope): Promise<Passage[]>;
  /** The same ranking as `passages`, as chunk ids and scores only. */
  rank(query: string, scope: SearchScope): Promise<RankedChunk[]>;
  /** Passages by chunk id, in the order given; ids no longer present are skipped. */
  byIds(chunkIds: readonly number[]): Promise<Omit<Passage, 'score'>[]>;
  /** Whether passages' embeddings can be stored and searched, and if not, why. */
  readonly vectors: { available: true } | { available: false; reason: string };
  /** The chunks nearest an embedding, nearest first, with their cosine distance. */
  nearest(
    embedding: Float32Array,
    scope: SearchScope,
  ): Promise<Array<{ chunkId: number; distance: number }>>;
}

export interface Chats {
  create(id: string, title: string, documentIds: readonly string[]): Promise<Chat>;
  /** Most recently used first. */
  list(): Promise<Chat[]>;
  get(id: string): Promise<Chat | undefined>;
  update(
    id: string,
    changes: { title?: string; documentIds?: string[] },
  ): Promise<Chat | undefined>;
  remove(id: string): Promise<boolean>;
}

export interface Messages {
  /** A chat's messages in the order they were written, each with its sources. */
  list(chatId: string): Promise<Message[]>;
  /**
   * Starts an answer at once: the question is stored (or the old answer it replaces removed),
   * then the answer, `streaming` and empty; the chat moves to the top of the list.
   */
  begin(start: AnswerStart): Promise<void>;
  /** Gives an answer its final content, status, metadata and sources, all at once. */
  finish(id: string, outcome: AnswerOutcome): Promise<void>;
  /**
   * Saves how far answers being written have got. Never waits behind other writers: false when
   * nothing was saved (the next checkpoint will be). A finished answer is never touched.
   */
  checkpoint(answers: ReadonlyArray<{ id: string; content: string }>): Promise<boolean>;
  /**
   * Marks interrupted the answers left `streaming` by instances whose lease has run out (they
   * died): they will never finish. What they had checkpointed stays. Returns how many.
   */
  interruptOrphaned(): Promise<number>;
}

/**
 * The instances that share this storage, each under an id with a lease it renews while it
 * lives (see Storage.jobs.claim and Messages.begin for what the lease covers).
 */
export interface Instances {
  /** Takes or renews the instance's lease, until `ms` from now. */
  renew(instanceId: string, ms: number): Promise<void>;
  /**
   * Ends the instance's lease now, as it stops: whatever it still held is an orphan at once, for
   * the others to take without waiting for the lease to run out.
   */
  release(instanceId: string): Promise<void>;
}

/** Browsers signed in with FOLIO_PASSWORD (lib/access/session.ts). */
export interface Sessions {
  /** Keeps a new session, and forgets those that have expired. */
  open(session: Session): Promise<void>;
  /** Whether a session with this token hash was opened with this password and has not expired. */
  isLive(tokenHash: string, passwordTag: string): Promise<boolean>;
  /** Ends a session (signing out); one that is not there is ended already. */
  close(tokenHash: string): Promise<void>;
}

/** better-auth's database: its drizzle adapter over the backend's own tables. */
export type AuthDatabase = ReturnType<typeof drizzleAdapter>;

/** People with accounts (FOLIO_AUTH=accounts); better-auth signs them up and in. */
export interface People {
  /** Oldest first. */
  list(): Promise<Person[]>;
  get(id: string): Promise<Person | undefined>;
  count(): Promise<number>;
  setRole(id: string, role: PersonRole): Promise<Person | undefined>;
  /**
   * Removes a person with their sessions, keys, memberships and personal library: its documents
   * and the person's chats are the caller's to remove first.
   */
  remove(id: string): Promise<boolean>;
  /** Ends every session a person has open (their API keys stay). */
  endSessions(id: string): Promise<void>;
}

export interface Invitations {
  /** Invites an email address, replacing an earlier invitation to it. */
  put(invitation: Invitation): Promise<void>;
  /** The invitation to an email address, unless it has expired. */
  find(email: string): Promise<Invitation | undefined>;
  list(): Promise<Invitation[]>;
  remove(email: string): Promise<boolean>;
}

export interface Collections {
  /** Makes a collection with its first member, its owner. */
  create(
    collection: { id: string; name: string; personalOf?: string },
    ownerId: string,
  ): Promise<Collection>;
  get(id: string): Promise<Collection | undefined>;
  /** A person's personal library. */
  personal(userId: string): Promise<Collection | undefined>;
  /** Every collection, oldest first. */
  list(): Promise<Collection[]>;
  /** The collections a person is a member of, with their role in each. */
  membershipsOf(userId: string): Promise<Membership[]>;
  members(collectionId: string): Promise<CollectionMember[]>;
  setMember(collectionId: string, userId: string, role: CollectionRole): Promise<void>;
  removeMember(collectionId: string, userId: string): Promise<boolean>;
  /** Removes a collection; its documents are the caller's to remove first. */
  remove(id: string): Promise<boolean>;
  /** Puts a document in a collection (once: a document is in one collection). */
  place(documentId: string, collectionId: string): Promise<void>;
  /** The collection a document is in, if any. */
  collectionOf(documentId: string): Promise<string | undefined>;
  /** The documents in these collections. */
  documentIds(collectionIds: readonly string[]): Promise<string[]>;
}

/** Who owns each chat (FOLIO_AUTH=accounts). */
export interface ChatOwners {
  set(chatId: string, userId: string): Promise<void>;
  ownerOf(chatId: string): Promise<string | undefined>;
  chatIds(userId: string): Promise<string[]>;
}

/** Chats shared read-only by a link; only the token's hash is kept. */
export interface ShareLinks {
  /** Shares a chat by a new link, ending any earlier one. */
  open(chatId: string, tokenHash: string): Promise<void>;
  chatOf(tokenHash: string): Promise<string | undefined>;
  isShared(chatId: string): Promise<boolean>;
  revoke(chatId: string): Promise<boolean>;
}

export interface Storage {
  /** Which database answers, for the log and /api/health. */
  readonly backend: StorageSettings['backend'];
  readonly documents: Documents;
  readonly jobs: ReadingJobs;
  readonly files: Files;
  readonly search: Search;
  readonly chats: Chats;
  readonly messages: Messages;
  readonly sessions: Sessions;
  readonly instances: Instances;
  /** better-auth's database (FOLIO_AUTH=accounts). */
  readonly authDatabase: AuthDatabase;
  readonly people: People;
  readonly invitations: Invitations;
  readonly collections: Collections;
  readonly chatOwners: ChatOwners;
  readonly shareLinks: ShareLinks;
  close(): Promise<void>;
}
