import { AsyncLocalStorage } from 'node:async_hooks';
import type { Adapter } from './adapters/adapter';
import type { LMCache } from './lm/cache';
import type { LM, Usage } from './lm/lm';
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

export interface LMCallObserver {
  text(chunk: string): void;
  end(): void;
}

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

const ignoreLMCall: LMCallObserver = { text: () => {}, end: () => {} };

export const silentObserver: RunObserver = {
  moduleStart: () => {},
  moduleEnd: () => {},
  lmStart: () => {},
  lmEnd: () => {},
  toolStart: () => {},
  toolEnd: () => {},
  event: () => {},
  lmCall: () => ignoreLMCall,
};
