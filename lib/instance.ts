import { randomUUID } from 'node:crypto';
import { HttpError } from './http';

// Kept on globalThis: the server's bundles (instrumentation, each route) are one instance.
const holder = globalThis as typeof globalThis & {
  folioInstanceId?: string;
  folioInstanceStopping?: boolean;
};

/**
 * This process's id among the instances that share a database: what its leases on the answers
 * and documents it works on are held under. New at each start, so a restarted instance never
 * mistakes a dead one's work for its own.
 */
export function instanceId(): string {
  holder.folioInstanceId ??= randomUUID();
  return holder.folioInstanceId;
}

/** Whether this instance is stopping (shutdown.ts): it starts no new answer meanwhile. */
export function isStopping(): boolean {
  return holder.folioInstanceStopping === true;
}

export function markStopping(): void {
  holder.folioInstanceStopping = true;
}

/** What a question that reaches an instance as it stops is answered: ask again, elsewhere. */
export class InstanceStopping extends HttpError {
  constructor() {
    super(503, 'This Folio server is shutting down: ask again in a moment.');
    this.name = 'InstanceStopping';
  }
}
