import { AsyncLocalStorage } from 'node:async_hooks';
import type { Adapter } from './adapters/adapter';
import type { LMCache } from './lm/cache';
import { type LM, type LMStreamPart, noUsage, type Usage } from './lm/lm';
import type { Signature } from './signature';
import type { StatusMessageProvider } from './status';

/** One LM call as a stream observer sees it: which predictor, what it asked for, how. */
export interface LMCallInfo {
  predictName: string;
  signature: Signature;
  adapter: Adapter;
  cached: boolean;
  /** 1 for the first attempt, 2 for the JSON adapter's retry. */
  attempt: number;
}

/** What one LM call returned: its whole text and the tokens it spent. */
export interface Completion {
  text: string;
  usage: Usage;
}

/** How an observer takes part in one LM call: it reads the call's stream to the end. */
export interface LMCallObserver {
  read(parts: AsyncIterator<LMStreamPart>): Promise<Completion>;
}

/** Reads an LM call's stream to the end, for an observer that does not watch its text. */
export async function readCompletion(parts: AsyncIterator<LMStreamPart>): Promise<Completion> {
  let text = '';
  let usage = noUsage();
  // A hand-written loop: `for await` adds work on every chunk that this does without.
  for (let result = await parts.next(); !result.done; result = await parts.next()) {
    const part = result.value;
    if (part.type === 'text') text += part.text;
    else usage = part.usage;
  }
  return { text, usage };
}

export const unwatchedLMCall: LMCallObserver = { read: readCompletion };

type Hooks = {
  [K in keyof StatusMessageProvider]-?: (
    info: Parameters<NonNullable<StatusMessageProvider[K]>>[0],
  ) => void;
};

/** Whoever watches a run: streamify, or nobody for a plain `call`. */
export interface RunObserver extends Hooks {
  event(name: string, data: unknown): void;
  lmCall(info: LMCallInfo): LMCallObserver;
}

/**
 * What every module of one program call shares. It travels in AsyncLocalStorage, so concurrent
 * calls never see each other's and user modules call `this.x.call()` without passing it on.
 */
export interface RunContext {
  lm: LM;
  signal?: AbortSignal;
  cache?: LMCache;
  /** Each module's path in the called program, computed per call so copies get their own. */
  paths: ReadonlyMap<object, string>;
  observer: RunObserver;
  /** Tokens spent by every LM call of the run. */
  usage: Usage;
}

export const runContext = new AsyncLocalStorage<RunContext>();

export const silentObserver: RunObserver = {
  moduleStart: () => {},
  moduleEnd: () => {},
  lmStart: () => {},
  lmEnd: () => {},
  toolStart: () => {},
  toolEnd: () => {},
  event: () => {},
  lmCall: () => unwatchedLMCall,
};
