/**
 * A graceful stop (SIGTERM, as a process manager sends it, or SIGINT), so that a rolling restart
 * loses no answer and leaves the other instances nothing to wait for:
 *
 * 1. The instance stops taking work: it stops listening (a load balancer's next connection goes
 *    to another instance), /api/health answers 503, a question that still reaches it on an open
 *    connection is answered 503 to ask again, and its readers take no new document.
 * 2. The answers it writes and the documents it reads get FOLIO_STOP_GRACE_S to finish.
 * 3. What has not finished by then is handed over: each answer is cut off and stored
 *    `interrupted` with its text so far (whoever follows it, on any instance, is told), and each
 *    document goes back to the queue, where a free reader on another instance takes it at once.
 * 4. It ends its lease, closes its connections and exits.
 *
 * A second signal ends the process at once.
 */
import { subscribe } from 'node:diagnostics_channel';
import type { Server } from 'node:http';
import { closeStorage, storage } from '@/db';
import { answersInFlight } from './chat/active-answers';
import { getConfig } from './config';
import { readers } from './documents/readers';
import { stopBeating } from './heartbeat';
import { instanceId, markStopping } from './instance';
import { redis } from './redis';

/** How long the last responses (the ends of the answers) get to reach their clients. */
const flushMs = 1000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

/** The HTTP servers this process serves on: Next's, which Next does not hand out. */
const servers = new Set<Server>();

/**
 * Stops gracefully on SIGTERM and SIGINT. Next must leave those signals alone
 * (NEXT_MANUAL_SIG_HANDLE, which scripts/serve.sh sets): its own handling exits once the
 * connections close, however far the answers and readings have got.
 */
export function stopGracefullyOnSignals(): void {
  if (!process.env.NEXT_MANUAL_SIG_HANDLE) return;
  // Node publishes every request here, with the server it came to.
  subscribe('http.server.request.start', (message) => {
    servers.add((message as { server: Server }).server);
  });
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      stop(signal).then(
        () => process.exit(0),
        (error) => {
          console.error('Folio could not stop gracefully:', error);
          process.exit(1);
        },
      );
    });
  }
}

async function stop(signal: NodeJS.Signals): Promise<void> {
  const { stopGraceMs } = getConfig();
  console.log(
    `Folio is stopping (${signal}): its answers and readings get ${stopGraceMs / 1000} s.`,
  );
  markStopping();
  stopBeating();
  const closed = Promise.all(
    [...servers].map((server) => new Promise((resolve) => server.close(resolve))),
  );
  const deadline = Date.now() + stopGraceMs;
  await Promise.all([finishAnswers(deadline), readers.stop(deadline)]);
  // Whatever this instance still holds is now the others' to take: its lease ends here rather
  // than when it would have run out. An answer it could not store as interrupted is marked so.
  const { instances, messages } = storage();
  await instances.release(instanceId());
  await messages.interruptOrphaned();
  // The clients get the ends of their answers; connections idle since are closed.
  for (const server of servers) server.closeIdleConnections();
  await Promise.race([closed, sleep(flushMs)]);
  for (const server of servers) server.closeAllConnections();
  // Commands still on their way (the chats' claims given up) are sent before it closes.
  await redis()
    ?.close()
    .catch(() => undefined); // unreachable: nothing to send
  await closeStorage();
}

/** Lets the answers being written finish until `deadline`, then cuts off those still going. */
async function finishAnswers(deadline: number): Promise<void> {
  const answers = answersInFlight();
  await Promise.race([
    Promise.all(answers.writtenHere().map((answer) => answer.finished)),
    sleep(deadline - Date.now()),
  ]);
  await Promise.all(answers.writtenHere().map((answer) => answer.interrupt()));
}
