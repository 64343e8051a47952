/**
 * npm run bench:answers-transport — how answers travel between instances through Redis: Folio's
 * own transport (lib/chat/redis-answers.ts: a stream entry and a channel message per event-loop
 * turn, the stream replayed on re-attach) beside the AI SDK's resumable-stream package (the
 * writer keeps the chunks and publishes each one to every reader's channel, the whole backlog to
 * a reader that attaches), in the same minutes, against one throwaway Redis, with no Next.
 *
 * bench:load's workload: 100 answers at once, 300 tokens each, one token per chunk, 20 ms apart
 * (50 tokens per second), written through the app's ActiveAnswer in a writer process of its own
 * (bench/lib/answers-transport/writer-process.ts). This process is two more instances reading:
 * on one, a reader per answer attached before its first token; on the other, a reader per answer
 * re-attached when its 150th token is written. Each reader checks it got every token once and
 * the end. Each round runs both transports, the first one alternating.
 *
 * Printed per transport, side by side: the token delay from write to reader (both clocks are
 * the machine's monotonic one) for the reader attached from the start and for the re-attached
 * one's tokens written after it re-attached; for the re-attach, the time to its first byte and
 * to every token written before it; Redis's commands per token (a script's counted with it),
 * its CPU, and bytes in and out per answer (INFO before and after); the CPU seconds and event-loop delay of the writer and of the readers.
 *
 * `-- --rounds N` (default 2).
 */
import { fork } from 'node:child_process';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { startRedis } from '../tests/support/redis';
import { measureProcess } from './lib/answers-transport/process-work';
import {
  type AnswerReader,
  openReader,
  TRANSPORTS,
  type TransportName,
} from './lib/answers-transport/transports';
import type { WriterJob, WriterReport } from './lib/answers-transport/writer-process';
import { nextMessage } from './lib/load/child';
import { CHATS, monotonicMs, TOKEN, TOKEN_DELAY_MS, TOKENS } from './lib/load/workload';
import { redisCounts, redisWork } from './lib/redis-counts';
import { loadAverage } from './lib/server-run';
import { percentile } from './lib/stats';

/** The token at whose writing each answer's second reader re-attaches. */
const REATTACH_AT = TOKENS / 2;
/** How long readers may go on after the last token is written before they are cut off. */
const READ_GRACE_MS = 30_000;
const roundsArg = process.argv.indexOf('--rounds');
const ROUNDS = roundsArg > 0 ? Number(process.argv[roundsArg + 1]) : 2;

/** What one reader got: when it asked, its first byte, each token's arrival, what went wrong. */
interface Reading {
  calledAt: number;
  firstByteAt: number;
  arrivals: number[];
  problem?: string;
}

/**
 * Attaches a reader to an answer; once it is attached (its `follow` answered), its reading goes
 * on to the answer's end. A failed attach is a reading with a problem.
 */
async function attach(
  reader: AnswerReader,
  answerId: string,
  chat: number,
  cutOff: AbortSignal,
): Promise<{ reading: Promise<Reading> }> {
  const reading: Reading = {
    calledAt: monotonicMs(),
    firstByteAt: Number.NaN,
    arrivals: new Array<number>(TOKENS).fill(Number.NaN),
  };
  try {
    const chunks = (await reader.follow(answerId)).getReader();
    cutOff.addEventListener('abort', () => void chunks.cancel());
    return { reading: read(chunks, chat, reading) };
  } catch (error) {
    reading.problem = error instanceof Error ? error.message : String(error);
    return { reading: Promise.resolve(reading) };
  }
}

/**
 * Reads an answer as a browser would its SSE bytes. Neither transport splits an event between
 * chunks, so each chunk's tokens are whole; a token missing or twice, or no end, is a problem.
 */
async function read(
  chunks: ReadableStreamDefaultReader<Uint8Array | string>,
  chat: number,
  reading: Reading,
): Promise<Reading> {
  let ended = false;
  try {
    const decoder = new TextDecoder();
    for (;;) {
      const { done, value } = await chunks.read();
      if (done) break;
      const at = monotonicMs();
      const text = typeof value === 'string' ? value : decoder.decode(value, { stream: true });
      // resumable-stream's first message to a reader is the backlog, empty before any chunk.
      if (text.length === 0) continue;
      if (Number.isNaN(reading.firstByteAt)) reading.firstByteAt = at;
      for (const [, from, seq] of text.matchAll(TOKEN)) {
        if (Number(from) !== chat) reading.problem ??= `a token of answer ${from}`;
        else if (!Number.isNaN(reading.arrivals[Number(seq)]))
          reading.problem ??= `token ${seq} twice`;
        reading.arrivals[Number(seq)] = at;
      }
      if (text.includes('data: [DONE]')) ended = true;
    }
  } catch (error) {
    reading.problem ??= error instanceof Error ? error.message : String(error);
  }
  const missing = reading.arrivals.filter(Number.isNaN).length;
  if (missing) reading.problem ??= `${missing} tokens missing`;
  if (!ended) reading.problem ??= 'no end';
  return reading;
}

/** One transport's run: the writer's process, both readers, and Redis's counts around them. */
async function run(transport: TransportName, redisUrl: string, runId: string) {
  const live = await openReader(transport, redisUrl);
  const reattaching = await openReader(transport, redisUrl);
  const writer = fork(path.join(import.meta.dirname, 'lib/answers-transport/writer-process.ts'), {
    stdio: 'inherit',
  });
  const ids = Array.from({ length: CHATS }, (_, chat) => `${runId}-${chat}`);
  const cutOff = new AbortController();
  try {
    const job: WriterJob = { transport, redisUrl, run: runId };
    writer.send(job);
    await nextMessage(writer); // ready
    const before = await redisCounts(redisUrl);
    const measured = measureProcess();
    writer.send('start');
    await nextMessage(writer); // started
    const fromStart = await Promise.all(
      ids.map((id, chat) => attach(live, id, chat, cutOff.signal)),
    );
    writer.send('go');
    const { began } = await nextMessage<{ began: number }>(writer);
    const reattached = ids.map(async (id, chat) => {
      const due = began + (chat * TOKEN_DELAY_MS) / CHATS + REATTACH_AT * TOKEN_DELAY_MS;
      await sleep(Math.max(0, due - monotonicMs()));
      return (await attach(reattaching, id, chat, cutOff.signal)).reading;
    });
    await nextMessage(writer); // done
    const grace = setTimeout(() => cutOff.abort(), READ_GRACE_MS);
    const [liveReadings, reattachedReadings] = [
      await Promise.all(fromStart.map((attached) => attached.reading)),
      await Promise.all(reattached),
    ];
    clearTimeout(grace);
    const readers = measured();
    const redis = redisWork(before, await redisCounts(redisUrl));
    writer.send('report');
    const report = await nextMessage<WriterReport>(writer);
    return {
      live: liveReadings,
      reattached: reattachedReadings,
      written: report.written,
      writer: report,
      readers,
      redis,
    };
  } finally {
    live.close();
    reattaching.close();
    if (writer.exitCode === null) writer.kill();
  }
}

type Run = Awaited<ReturnType<typeof run>>;

/** The figures of one run, each with its label. */
function figures(r: Run): [label: string, figure: string][] {
  const delays = r.live.flatMap((reading, chat) =>
    reading.arrivals.map((at, seq) => at - r.written[chat][seq]),
  );
  const afterReattach: number[] = [];
  const firstBytes: number[] = [];
  const replays: number[] = [];
  for (const [chat, reading] of r.reattached.entries()) {
    firstBytes.push(reading.firstByteAt - reading.calledAt);
    let replayed = reading.calledAt;
    reading.arrivals.forEach((at, seq) => {
      const written = r.written[chat][seq];
      if (written >= reading.calledAt) afterReattach.push(at - written);
      else replayed = Math.max(replayed, at);
    });
    replays.push(replayed - reading.calledAt);
  }
  const ms = (values: number[]) => {
    const known = values.filter((v) => !Number.isNaN(v));
    return `${percentile(known, 0.5).toFixed(1)} / ${percentile(known, 0.99).toFixed(1)} ms`;
  };
  const complete = (readings: Reading[]) => readings.filter((x) => !x.problem).length;
  const perAnswer = (bytes: number) => (bytes / CHATS / 1024).toFixed(1);
  return [
    [
      'readers complete (from start + re-attached)',
      `${complete(r.live)} + ${complete(r.reattached)} of ${2 * CHATS}`,
    ],
    ['token delay, reader from the start  p50 / p99', ms(delays)],
    ['token delay, re-attached, after it  p50 / p99', ms(afterReattach)],
    ['re-attach → first byte              p50 / p99', ms(firstBytes)],
    ['re-attach → every earlier token     p50 / p99', ms(replays)],
    [
      'Redis commands per token (in all)',
      `${(r.redis.calls / (CHATS * TOKENS)).toFixed(2)} (${r.redis.calls})`,
    ],
    ["Redis's CPU", `${r.redis.cpuS.toFixed(2)} s`],
    ['Redis in / out per answer', `${perAnswer(r.redis.netIn)} / ${perAnswer(r.redis.netOut)} KB`],
    ["writer's CPU", `${r.writer.cpuS.toFixed(2)} s`],
    ["writer's event-loop delay p99", `${r.writer.loopP99Ms.toFixed(1)} ms`],
    ["readers' CPU (both instances, one process)", `${r.readers.cpuS.toFixed(2)} s`],
    ["readers' event-loop delay p99", `${r.readers.loopP99Ms.toFixed(1)} ms`],
  ];
}

function print(runs: Map<TransportName, Run>) {
  const byTransport = TRANSPORTS.map((t) => figures(runs.get(t) as Run));
  const rows: string[][] = [
    ['', ...TRANSPORTS],
    ...byTransport[0].map(([label], i) => [label, ...byTransport.map((f) => f[i][1])]),
  ];
  const width = Math.max(...rows.map(([label]) => label.length)) + 2;
  const columnWidth = Math.max(...rows.flatMap(([, ...cells]) => cells.map((c) => c.length))) + 3;
  for (const [label, ...cells] of rows)
    console.log(`  ${label.padEnd(width)}${cells.map((c) => c.padEnd(columnWidth)).join('')}`);
  for (const [t, r] of runs) {
    console.log(`  ${t}: Redis ran ${r.redis.busiest}`);
    const problems = [...r.live, ...r.reattached].flatMap((x) => x.problem ?? []);
    if (problems.length)
      console.log(`  ${t}: readers' problems: ${[...new Set(problems)].slice(0, 5).join('; ')}`);
  }
}

if (!(ROUNDS >= 1)) throw new Error('--rounds takes a number of rounds, 1 or more.');
console.log(
  `${CHATS} answers of ${TOKENS} tokens at ${1000 / TOKEN_DELAY_MS} tokens/s, each read by a reader attached from its start and one re-attached at token ${REATTACH_AT}, on two other instances; one throwaway Redis`,
);
const redis = await startRedis();
try {
  for (let round = 1; round <= ROUNDS; round++) {
    const order = round % 2 ? [...TRANSPORTS] : [...TRANSPORTS].reverse();
    const runs = new Map<TransportName, Run>();
    for (const transport of order)
      runs.set(transport, await run(transport, redis.url, `r${round}-${transport}`));
    console.log(
      `\nround ${round} of ${ROUNDS} (${order.join(' first, then ')}; load ${loadAverage()})`,
    );
    print(runs);
  }
} finally {
  await redis.stop();
}
