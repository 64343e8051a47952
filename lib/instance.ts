import { randomUUID } from 'node:crypto';

// Kept on globalThis: the server's bundles (instrumentation, each route) are one instance.
const holder = globalThis as typeof globalThis & { folioInstanceId?: string };

/**
 * This process's id among the instances that share a database: what its leases on the answers
 * and documents it works on are held under. New at each start, so a restarted instance never
 * mistakes a dead one's work for its own.
 */
export function instanceId(): string {
  holder.folioInstanceId ??= randomUUID();
  return holder.folioInstanceId;
}
