/**
 * Accounts (FOLIO_AUTH=accounts): people and what better-auth keeps for them (sessions, sign-in
 * methods, verifications, API keys), and Folio's own: collections and their members, who owns
 * each chat, share links and invitations. Kept apart from the library's tables: in the other
 * modes they stay empty, and nothing in the library depends on them. The collection a document
 * is in is the library's own column (`documents.collection_id`): uploads are kept unique per
 * collection by it. It names a collection here without a foreign key, as the library's tables
 * do not depend on these; one whose collection has gone counts as in none.
 *
 * better-auth's tables keep its field names (its drizzle adapter maps by them) with
 * snake_case columns.
 */
import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { chats } from './schema';

const time = (name: string) => integer(name, { mode: 'timestamp_ms' });
const flag = (name: string) => integer(name, { mode: 'boolean' });

export const authUser = sqliteTable('auth_user', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  email: text('email').notNull().unique(),
  emailVerified: flag('email_verified').notNull(),
  image: text('image'),
  /** `admin`, `member`, or `pending` (signed up while sign-up is open, not yet approved). */
  role: text('role').notNull(),
  createdAt: time('created_at').notNull(),
  updatedAt: time('updated_at').notNull(),
});

export const authSession = sqliteTable(
  'auth_session',
  {
    id: text('id').primaryKey(),
    token: text('token').notNull().unique(),
    userId: text('user_id')
      .notNull()
      .references(() => authUser.id, { onDelete: 'cascade' }),
    expiresAt: time('expires_at').notNull(),
    ipAddress: text('ip_address'),
    userAgent: text('user_agent'),
    createdAt: time('created_at').notNull(),
    updatedAt: time('updated_at').notNull(),
  },
  (t) => [index('auth_session_user_idx').on(t.userId)],
);

export const authAccount = sqliteTable(
  'auth_account',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id').notNull(),
    providerId: text('provider_id').notNull(),
    userId: text('user_id')
      .notNull()
      .references(() => authUser.id, { onDelete: 'cascade' }),
    accessToken: text('access_token'),
    refreshToken: text('refresh_token'),
    idToken: text('id_token'),
    accessTokenExpiresAt: time('access_token_expires_at'),
    refreshTokenExpiresAt: time('refresh_token_expires_at'),
    scope: text('scope'),
    /** better-auth's salted scrypt hash, for email and password. */
    password: text('password'),
    createdAt: time('created_at').notNull(),
    updatedAt: time('updated_at').notNull(),
  },
  (t) => [index('auth_account_user_idx').on(t.userId)],
);

export const authVerification = sqliteTable(
  'auth_verification',
  {
    id: text('id').primaryKey(),
    identifier: text('identifier').notNull(),
    value: text('value').notNull(),
    expiresAt: time('expires_at').notNull(),
    createdAt: time('created_at').notNull(),
    updatedAt: time('updated_at').notNull(),
  },
  (t) => [index('auth_verification_identifier_idx').on(t.identifier)],
);

/** API keys: only the key's hash is kept (`key`), and its first characters to tell it by. */
export const authApiKey = sqliteTable(
  'auth_apikey',
  {
    id: text('id').primaryKey(),
    configId: text('config_id').notNull(),
    name: text('name'),
    start: text('start'),
    prefix: text('prefix'),
    key: text('key').notNull(),
    /** The person who owns it. */
    referenceId: text('reference_id')
      .notNull()
      .references(() => authUser.id, { onDelete: 'cascade' }),
    refillInterval: integer('refill_interval'),
    refillAmount: integer('refill_amount'),
    lastRefillAt: time('last_refill_at'),
    enabled: flag('enabled'),
    rateLimitEnabled: flag('rate_limit_enabled'),
    rateLimitTimeWindow: integer('rate_limit_time_window'),
    rateLimitMax: integer('rate_limit_max'),
    requestCount: integer('request_count'),
    remaining: integer('remaining'),
    lastRequest: time('last_request'),
    expiresAt: time('expires_at'),
    permissions: text('permissions'),
    metadata: text('metadata'),
    createdAt: time('created_at').notNull(),
    updatedAt: time('updated_at').notNull(),
  },
  (t) => [index('auth_apikey_key_idx').on(t.key), index('auth_apikey_owner_idx').on(t.referenceId)],
);

/** A person's personal library (`personalOf` set), or a shared collection. */
export const collections = sqliteTable('collections', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  personalOf: text('personal_of')
    .unique()
    .references(() => authUser.id, { onDelete: 'cascade' }),
  createdAt: time('created_at').notNull(),
});

export const collectionMembers = sqliteTable(
  'collection_members',
  {
    collectionId: text('collection_id')
      .notNull()
      .references(() => collections.id, { onDelete: 'cascade' }),
    userId: text('user_id')
      .notNull()
      .references(() => authUser.id, { onDelete: 'cascade' }),
    role: text('role', { enum: ['owner', 'editor', 'viewer'] }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.collectionId, t.userId] }),
    index('collection_members_user_idx').on(t.userId),
  ],
);

/** Who owns a chat; a chat made in the other modes has no owner. */
export const chatOwners = sqliteTable(
  'chat_owners',
  {
    chatId: text('chat_id')
      .primaryKey()
      .references(() => chats.id, { onDelete: 'cascade' }),
    userId: text('user_id')
      .notNull()
      .references(() => authUser.id, { onDelete: 'cascade' }),
  },
  (t) => [index('chat_owners_user_idx').on(t.userId)],
);

/** A chat shared read-only: only the link token's SHA-256 is kept. One live link per chat. */
export const shareLinks = sqliteTable('share_links', {
  chatId: text('chat_id')
    .primaryKey()
    .references(() => chats.id, { onDelete: 'cascade' }),
  tokenHash: text('token_hash').notNull().unique(),
  createdAt: time('created_at').notNull(),
});

/** An admin's invitation: the link's token is kept as its SHA-256. */
export const invitations = sqliteTable('invitations', {
  email: text('email').primaryKey(),
  tokenHash: text('token_hash').notNull().unique(),
  invitedBy: text('invited_by').references(() => authUser.id, { onDelete: 'set null' }),
  expiresAt: time('expires_at').notNull(),
  createdAt: time('created_at').notNull(),
});
