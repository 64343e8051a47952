import { isIP } from 'node:net';
import path from 'node:path';
import { z } from 'zod';
import type { StorageSettings } from '@/db';

const optionalText = z
  .string()
  .trim()
  .transform((v) => v || undefined)
  .optional();

const envSchema = z.object({
  FOLIO_DATA_DIR: z.string().trim().min(1).default('./data'),
  FOLIO_DATABASE_URL: optionalText.pipe(
    z
      .string()
      .refine((v) => /^postgres(ql)?:\/\/[^/]/.test(v) && URL.canParse(v), {
        message: 'must be a PostgreSQL URL such as postgres://folio:secret@localhost:5432/folio',
      })
      .optional(),
  ),
  FOLIO_REDIS_URL: optionalText.pipe(
    z
      .string()
      .refine((v) => /^rediss?:\/\/[^/]/.test(v) && URL.canParse(v), {
        message: 'must be a Redis URL such as redis://localhost:6379',
      })
      .optional(),
  ),
  FOLIO_INSTANCE_LEASE_S: z.coerce
    .number({ message: 'must be a number of seconds' })
    .min(1, { message: 'must be at least 1 second' })
    .max(3600, { message: 'must be at most 3600 seconds' })
    .default(15),
  FOLIO_STOP_GRACE_S: z.coerce
    .number({ message: 'must be a number of seconds' })
    .min(0, { message: 'must be 0 seconds or more' })
    .max(3600, { message: 'must be at most 3600 seconds' })
    .default(8),
  OPENAI_API_KEY: optionalText,
  OPENAI_BASE_URL: optionalText.pipe(
    z.url({ message: 'must be a URL such as http://localhost:11434/v1' }).optional(),
  ),
  FOLIO_CHAT_MODEL: optionalText,
  FOLIO_EMBEDDING_MODEL: optionalText,
  FOLIO_MAX_UPLOAD_MB: z.coerce
    .number({ message: 'must be a number of megabytes' })
    .positive({ message: 'must be a positive number of megabytes' })
    .max(10_000, { message: 'must be at most 10000' })
    .default(50),
  FOLIO_HOST: z.string().trim().min(1).default('127.0.0.1'),
  FOLIO_PASSWORD: optionalText,
  FOLIO_AUTH: optionalText.pipe(
    z
      .enum(['none', 'password', 'accounts'], { message: 'must be none, password or accounts' })
      .optional(),
  ),
  FOLIO_AUTH_SECRET: optionalText.pipe(
    z
      .string()
      .min(32, { message: 'must be at least 32 characters (openssl rand -hex 32)' })
      .optional(),
  ),
  FOLIO_SIGN_UP: optionalText.pipe(
    z.enum(['invite', 'open'], { message: 'must be invite or open' }).default('invite'),
  ),
  FOLIO_OIDC_ISSUER: optionalText.pipe(
    z.url({ protocol: /^https?$/, message: "must be the provider's issuer URL" }).optional(),
  ),
  FOLIO_OIDC_CLIENT_ID: optionalText,
  FOLIO_OIDC_CLIENT_SECRET: optionalText,
  FOLIO_OIDC_NAME: optionalText,
  FOLIO_RATE_LIMIT_PER_MINUTE: z.coerce
    .number({ message: 'must be a whole number of requests' })
    .int({ message: 'must be a whole number of requests' })
    .positive({ message: 'must be a positive number of requests' })
    .default(30),
  FOLIO_OCR_LANGUAGES: z
    .string()
    .trim()
    .default('eng')
    .pipe(
      z.string().regex(/^[a-z][a-z0-9_]*(?:[\s+,]+[a-z][a-z0-9_]*)*$/, {
        message: 'must be Tesseract language codes such as eng+deu',
      }),
    )
    .transform((value) => value.split(/[\s+,]+/)),
  FOLIO_CONTEXT_TOKENS: z.coerce
    .number({ message: 'must be a whole number of tokens' })
    .int({ message: 'must be a whole number of tokens' })
    .min(1024, { message: 'must be at least 1024 tokens' })
    .default(8192),
  FOLIO_MODEL_TIMEOUT_S: z.coerce
    .number({ message: 'must be a number of seconds' })
    .positive({ message: 'must be a positive number of seconds' })
    .default(60),
  FOLIO_PUBLIC_URL: optionalText.pipe(
    z
      .url({
        protocol: /^https?$/,
        message: 'must be the address people open Folio at, such as https://folio.example.com',
      })
      .optional(),
  ),
  FOLIO_TRUSTED_PROXIES: z
    .string()
    .default('')
    .transform((v) => v.split(/[\s,]+/).filter(Boolean))
    .superRefine((entries, context) => {
      const bad = entries.find((entry) => !isAddressOrRange(entry));
      if (bad !== undefined) {
        context.addIssue({
          code: 'custom',
          message: `"${bad}" is not an IP address or a range such as 10.0.0.0/8`,
        });
      }
    }),
  // A reader's own start-up (pdf.js, the parsers, the database driver) briefly takes about half
  // of 128 MB before it reads a byte: less would fail small files for the reader's own sake.
  FOLIO_READER_MEMORY_MB: z.coerce
    .number({ message: 'must be a number of megabytes' })
    .int({ message: 'must be a whole number of megabytes' })
    .min(128, { message: 'must be at least 128' })
    .default(256),
  FOLIO_READER_CPU_S: z.coerce
    .number({ message: 'must be a number of seconds' })
    .positive({ message: 'must be a positive number of seconds' })
    .default(600),
  FOLIO_READER_MAX_PAGES: z.coerce
    .number({ message: 'must be a whole number of pages' })
    .int({ message: 'must be a whole number of pages' })
    .positive({ message: 'must be a positive number of pages' })
    .default(10_000),
});

/** An IP address, or a range of them as address/prefix length (CIDR). */
function isAddressOrRange(entry: string): boolean {
  const [address, prefix, ...rest] = entry.split('/');
  const version = isIP(address);
  if (version === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (version === 4 ? 32 : 128);
}

/** What a document reader may spend on one document before it is stopped and the file failed. */
export interface ReaderLimits {
  /** Its heap and buffers together. */
  memoryMb: number;
  /** Processor time, so a reader starved by busy cores is not stopped for being slow. */
  cpuSeconds: number;
  pages: number;
}

/** How people sign in (FOLIO_AUTH=accounts). */
export interface AccountsSettings {
  /** Signs better-auth's cookies and tokens: the same on every instance. */
  secret: string;
  /** `invite`: only people an admin invited; `open`: anyone, waiting for an admin's approval. */
  signUp: 'invite' | 'open';
  /** An OpenID Connect provider to sign in with, found by discovery from its issuer. */
  oidc?: { issuer: string; clientId: string; clientSecret: string; name: string };
}

export type AuthMode = 'none' | 'password' | 'accounts';

export interface Config {
  /** Uploads in progress; with SQLite, the database and the originals too. */
  dataDir: string;
  /** Where documents, chats and originals are kept: SQLite in the data folder, or PostgreSQL. */
  storage: StorageSettings;
  /**
   * Redis (FOLIO_REDIS_URL), through which instances share the answers being written, their
   * stops and the rate limits' counts; without it, one instance serves everything.
   */
  redisUrl?: string;
  /**
   * How long an instance's claim on the answers and documents it works on lasts unrenewed: an
   * instance that stops renewing it (it died) has its answers marked interrupted and its
   * documents read by another once this has passed.
   */
  leaseMs: number;
  /**
   * How long a stopping instance (SIGTERM) lets its answers and readings finish before it cuts
   * them off and hands them over: shorter than the time the process manager waits before it
   * kills (docker: 10 s, Kubernetes: 30 s).
   */
  stopGraceMs: number;
  maxUploadBytes: number;
  /**
   * Who may use Folio: anyone who reaches it (`none`), whoever knows FOLIO_PASSWORD, or people
   * with accounts.
   */
  auth: AuthMode;
  /** With FOLIO_AUTH=password: every page and route but health and sign-in needs a session. */
  password?: string;
  accounts?: AccountsSettings;
  /** Questions, uploads, searches and sign-in attempts a client may make per minute, each. */
  rateLimitPerMinute: number;
  /** The languages OCR reads, as Tesseract's codes: `eng`, `deu`, `chi_sim`. */
  ocrLanguages: string[];
  /** The address Folio listens on (FOLIO_HOST). */
  host: string;
  /** The address people open Folio at, when it is not a loopback name or FOLIO_HOST. */
  publicUrl?: URL;
  /** Addresses and ranges whose X-Forwarded-* headers are believed: the operator's proxies. */
  trustedProxies: string[];
  readerLimits: ReaderLimits;
  /** The model server, when one is configured; the built-in extractive model otherwise. */
  openai?: {
    apiKey: string;
    baseURL?: string;
    chatModel: string;
    embeddingModel?: string;
    /** Longest silence from the model server before an answer fails. */
    timeoutMs: number;
    /** The model's context window: prompts are cut to fit it. */
    contextTokens: number;
  };
}

export class ConfigError extends Error {}

export function parseConfig(env: Record<string, string | undefined>): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n  ${problems.join('\n  ')}`);
  }
  const e = parsed.data;
  const auth = authMode(e);
  const usesModelServer = Boolean(e.OPENAI_API_KEY || e.OPENAI_BASE_URL);
  const dataDir = path.resolve(e.FOLIO_DATA_DIR);
  return {
    dataDir,
    storage: e.FOLIO_DATABASE_URL
      ? { backend: 'postgres', url: e.FOLIO_DATABASE_URL }
      : { backend: 'sqlite', dataDir },
    redisUrl: e.FOLIO_REDIS_URL,
    leaseMs: e.FOLIO_INSTANCE_LEASE_S * 1000,
    stopGraceMs: e.FOLIO_STOP_GRACE_S * 1000,
    maxUploadBytes: Math.floor(e.FOLIO_MAX_UPLOAD_MB * 1024 * 1024),
    auth,
    password: e.FOLIO_PASSWORD,
    accounts:
      auth === 'accounts'
        ? {
            secret: e.FOLIO_AUTH_SECRET!,
            signUp: e.FOLIO_SIGN_UP,
            oidc: e.FOLIO_OIDC_ISSUER
              ? {
                  issuer: e.FOLIO_OIDC_ISSUER,
                  clientId: e.FOLIO_OIDC_CLIENT_ID!,
                  clientSecret: e.FOLIO_OIDC_CLIENT_SECRET!,
                  name: e.FOLIO_OIDC_NAME ?? 'single sign-on',
                }
              : undefined,
          }
        : undefined,
    rateLimitPerMinute: e.FOLIO_RATE_LIMIT_PER_MINUTE,
    ocrLanguages: e.FOLIO_OCR_LANGUAGES,
    host: e.FOLIO_HOST,
    publicUrl: e.FOLIO_PUBLIC_URL ? new URL(e.FOLIO_PUBLIC_URL) : undefined,
    trustedProxies: e.FOLIO_TRUSTED_PROXIES,
    readerLimits: {
      memoryMb: e.FOLIO_READER_MEMORY_MB,
      cpuSeconds: e.FOLIO_READER_CPU_S,
      pages: e.FOLIO_READER_MAX_PAGES,
    },
    openai: usesModelServer
      ? {
          // Local servers (Ollama, vLLM) accept any key, but the client insists on one.
          apiKey: e.OPENAI_API_KEY ?? 'not-needed',
          baseURL: e.OPENAI_BASE_URL,
          chatModel: e.FOLIO_CHAT_MODEL ?? 'gpt-4o-mini',
          embeddingModel: e.FOLIO_EMBEDDING_MODEL,
          timeoutMs: e.FOLIO_MODEL_TIMEOUT_S * 1000,
          contextTokens: e.FOLIO_CONTEXT_TOKENS,
        }
      : undefined,
  };
}

type Env = z.infer<typeof envSchema>;

/** Whether Folio listens only where nobody else can reach it. */
function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/**
 * The sign-in mode, checked against the variables it needs. Unset, it is `password` when
 * FOLIO_PASSWORD is set and `none` otherwise; `none` is refused on an address others can reach
 * unless FOLIO_AUTH says it.
 */
function authMode(e: Env): AuthMode {
  const problem = (message: string): never => {
    throw new ConfigError(`Invalid configuration:\n  ${message}`);
  };
  const mode = e.FOLIO_AUTH ?? (e.FOLIO_PASSWORD ? 'password' : 'none');
  if (mode === 'password' && !e.FOLIO_PASSWORD) {
    problem('FOLIO_PASSWORD: must be set with FOLIO_AUTH=password');
  }
  if (mode !== 'password' && e.FOLIO_PASSWORD) {
    problem(`FOLIO_PASSWORD: is only for FOLIO_AUTH=password, not ${mode}`);
  }
  if (mode === 'none' && !e.FOLIO_AUTH && !isLoopback(e.FOLIO_HOST)) {
    problem(
      `FOLIO_AUTH: Folio would let everyone who reaches ${e.FOLIO_HOST} in without signing in. Set FOLIO_AUTH=accounts (or password with FOLIO_PASSWORD), or FOLIO_AUTH=none if that is what you mean.`,
    );
  }
  if (mode === 'accounts' && !e.FOLIO_AUTH_SECRET) {
    problem('FOLIO_AUTH_SECRET: must be set with FOLIO_AUTH=accounts (openssl rand -hex 32)');
  }
  const oidc = [e.FOLIO_OIDC_ISSUER, e.FOLIO_OIDC_CLIENT_ID, e.FOLIO_OIDC_CLIENT_SECRET];
  if (oidc.some(Boolean) && !oidc.every(Boolean)) {
    problem(
      'FOLIO_OIDC_ISSUER, FOLIO_OIDC_CLIENT_ID and FOLIO_OIDC_CLIENT_SECRET: set all three, or none',
    );
  }
  return mode;
}

let cached: Config | undefined;

/** The configuration, read from the environment once. */
export function getConfig(): Config {
  cached ??= parseConfig(process.env);
  return cached;
}
