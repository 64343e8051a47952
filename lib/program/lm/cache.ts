import { createHash } from 'node:crypto';
import type { LM, LMRequest, Usage } from './lm';

export interface CachedCompletion {
  text: string;
  usage: Usage;
}

/**
 * An in-memory LRU cache of completions, keyed by provider, model, messages and parameters.
 * Only completions that parsed are stored, so a malformed one gets another chance.
 */
export class LMCache {
  private readonly entries = new Map<string, CachedCompletion>();
  readonly maxEntries: number;

  constructor(options: { maxEntries?: number } = {}) {
    this.maxEntries = options.maxEntries ?? 500;
  }

  get size(): number {
    return this.entries.size;
  }

  get(lm: LM, request: LMRequest): CachedCompletion | undefined {
    const key = cacheKey(lm, request);
    const hit = this.entries.get(key);
    if (hit) {
      // Re-inserting marks the entry as the most recently used.
      this.entries.delete(key);
      this.entries.set(key, hit);
    }
    return hit;
  }

  set(lm: LM, request: LMRequest, completion: CachedCompletion): void {
    const key = cacheKey(lm, request);
    this.entries.delete(key);
    this.entries.set(key, completion);
    if (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
  }
}

function cacheKey(lm: LM, request: LMRequest): string {
  const material = JSON.stringify([lm.provider, lm.model, request.messages, request.params]);
  return createHash('sha256').update(material).digest('hex');
}
