/**
 * npm run bench:load — 100 chats answering at once through the real server, each answer 300
 * tokens streamed by the OpenAI-compatible stub at 50 tokens per second (one token per chunk,
 * 20 ms apart); then the same again on a fresh server while a ~600-page PDF ingests, and again
 * while a scanned PDF (that PDF's first pages drawn at 200 dpi, no text layer) is read by OCR.
 *
 * The baseline, run first: the same chats through a bare node:http relay (relay-process.ts)
 * with the same stub and clients. This machine's speed changes from one minute to the next,
 * and its clients share the cores with the server; what the relay's tokens wait is what the
 * machine and the instrument cost any Node server, and Folio's delay is read beside it. The
 * stub's CPU time is printed for every run: its work is nearly the same each time, so it
 * roughly gauges the machine's speed during that run (on a 2-core VM it went from 1.2 to 1.7 s
 * within a minute).
 *
 * Printed per run: errors (target 0), answers stored complete according to GET /api/chats/:id
 * (target 100 of 100), the delay from the stub handing a token to its socket to the client
 * receiving the text-delta that completes it, p50/p99 (target p99 under 25 ms), and the
 * server's peak resident memory (VmHWM of its process). Each token carries its chat and
 * sequence number (`c17t42,`); the stub stamps when each was emitted, the clients, which read
 * the UI message stream, when it arrived, both on the machine's monotonic clock. The stub and
 * the clients run in processes of their own (bench/lib/load/; the clients in two), so neither
 * one's event loop delays the other's stamps; the clients' event-loop delay is printed, since
 * it is part of the measured delay, and so are the CPU seconds each process used.
 *
 * Beside each run's figures: the token delay while questions were still starting (until the
 * last chat's first token, when the server also stores questions, searches and begins answers)
 * and after it, when every answer only streams; the server's CPU by thread (its main thread,
 * the document readers, tesseract.js's threads, V8's and libuv's shared pools), and on
 * PostgreSQL the database server's processes' CPU, all while the chats ran: where the cores
 * the main thread waited for went. --timeline prints each second's p99 too.
 *
 * Clients send Accept-Encoding: gzip, deflate, br as browsers do; the encoding answers came in
 * is printed (Folio never compresses them). --ladder=1,10 adds runs with fewer chats first;
 * --no-pdf leaves out the PDF run and --no-ocr the scanned one; --profile-server=DIR writes the
 * server's V8 CPU profiles there. --backend postgres runs each of Folio's runs on SQLite and then
 * on PostgreSQL (a throwaway server from Debian's packages, tests/support/postgres.ts), so the two
 * are read side by side from the same minutes.
 *
 * --instances 2 runs the chats over two instances sharing one PostgreSQL and one Redis (each a
 * throwaway from Debian's packages) beside one instance on PostgreSQL alone: chat i is asked on
 * instance i mod 2, and every other pair of chats drops the question's response and re-attaches
 * on the other instance, so the token delay and time to first token are printed for readers where
 * the answer is written and for readers on the other instance, with Redis's commands per token
 * and bytes per answer.
 *
 * Everything listens on 127.0.0.1, and the whole bench stops itself after 7 minutes.
 */
import type { ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { type Backend, createTestDatabase } from '../tests/support/backends';
import { startPostgres } from '../tests/support/postgres';
import { startRedis } from '../tests/support/redis';
import { scannedCopy } from '../tests/support/scan';
import { type FolioServer, startFolio } from '../tests/support/server';
import { forkBenchProcess, nextMessage } from './lib/load/child';
import type { ChatJob, ChatResult, ClientsJob, ClientsReport } from './lib/load/clients-process';
import { answerOf, CHATS, TOKEN_DELAY_MS, TOKENS } from './lib/load/workload';
import { redisCounts, redisWork } from './lib/redis-counts';
import { json, loadAverage } from './lib/server-run';
import { percentile } from './lib/stats';

const TARGET_P99_MS = 25;
const INGEST_WAIT_MS = 90_000;
const BENCH_DEADLINE_MS = 420_000;
/** Pages of the PDF drawn into the scanned copy: OCR outlasts the chats (some 15 s) with six. */
const SCANNED_PAGES = 6;
/** USER_HZ: /proc reports CPU time in these ticks (100 on Linux). */
const CLOCK_TICKS = 100;
const PDF = path.resolve(
  import.meta.dirname,
  '../../shared/data/pdfs/large_unstructured_DA-619p.pdf',
);

const handbook = `# Lighthouse handbook

## Keepers

The lighthouse at Skerry Point was kept by Ada Marlow from 1901 to 1932.

## Lamps

The lamp burns paraffin and turns once every twenty seconds.
`;

/**
 * The clients are split over this many processes, as 100 people would be over 100 browsers:
 * one process reading all 100 streams queued each token behind the others it had to parse, and
 * that queueing is the instrument's, not the server's.
 */
const CLIENT_PROCESSES = 2;

const servers: FolioServer[] = [];
const benchProcesses: ChildProcess[] = [];

/** Peak and current resident memory of a process, in MB, from /proc. */
function memoryOf(pid: number | undefined): { peakMb: number; rssMb: number } {
  if (pid === undefined) return { peakMb: Number.NaN, rssMb: Number.NaN };
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (field: string) =>
      Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1]);
    return { peakMb: kb('VmHWM') / 1024, rssMb: kb('VmRSS') / 1024 };
  } catch {
    return { peakMb: Number.NaN, rssMb: Number.NaN };
  }
}

/**
 * The fields of a /proc/<pid>/stat or /proc/<pid>/task/<tid>/stat file after the command name
 * (which may hold spaces), so index 0 is field 3, the state.
 */
function statFields(file: string): string[] {
  const stat = readFileSync(file, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
}

/** CPU seconds (user + system) a process has used, from /proc/<pid>/stat. */
function cpuSecondsOf(pid: number | undefined): number {
  if (pid === undefined) return Number.NaN;
  try {
    const fields = statFields(`/proc/${pid}/stat`);
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return Number.NaN;
  }
}

/**
 * Seconds a process's main thread spent on a core and runnable but waiting for one, from
 * /proc/<pid>/task/<pid>/schedstat: the wait is what the rest of the machine cost its turns.
 */
function mainThreadSchedule(pid: number | undefined): { runS: number; waitS: number } {
  try {
    const [run, wait] = readFileSync(`/proc/${pid}/task/${pid}/schedstat`, 'utf8').split(' ');
    return { runS: Number(run) / 1e9, waitS: Number(wait) / 1e9 };
  } catch {
    return { runS: Number.NaN, waitS: Number.NaN };
  }
}

const SCHEDULING_POLICIES: Record<string, string> = {
  '0': 'normal',
  '3': 'SCHED_BATCH',
  '5': 'SCHED_IDLE',
};

/**
 * How the server's document reader threads (lib/documents/ingest.ts names them) and the OCR
 * engine's threads they start (tesseract.js leaves them Node's default name) are scheduled.
 */
function readerScheduling(pid: number | undefined): string {
  try {
    return readdirSync(`/proc/${pid}/task`)
      .map((tid) => ({ tid, name: readFileSync(`/proc/${pid}/task/${tid}/comm`, 'utf8').trim() }))
      .filter(({ name }) => name === 'doc-reader' || name === 'WorkerThread')
      .map(({ tid, name }) => {
        const fields = statFields(`/proc/${pid}/task/${tid}/stat`);
        const [nice, policy] = [fields[16], fields[38]];
        return `${name} ${SCHEDULING_POLICIES[policy] ?? `policy ${policy}`}, nice ${nice}`;
      })
      .join('; ');
  } catch {
    return 'unknown';
  }
}

/**
 * CPU seconds each thread of a process has used, summed by what it is: the main thread, and the
 * others by their name (doc-reader, tesseract.js's WorkerThread, V8's platform threads, libuv's
 * pool). Threads that ended are in the process's total but in none of these.
 */
function threadCpuOf(pid: number | undefined): Map<string, number> {
  const byName = new Map<string, number>();
  if (pid === undefined) return byName;
  try {
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      const name =
        tid === String(pid) ? 'main' : readFileSync(`/proc/${pid}/task/${tid}/comm`, 'utf8').trim();
      const fields = statFields(`/proc/${pid}/task/${tid}/stat`);
      const seconds = (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
      byName.set(name, (byName.get(name) ?? 0) + seconds);
    }
  } catch {
    // The process or a thread ended meanwhile.
  }
  return byName;
}

/** CPU seconds a process and each of its children (PostgreSQL's backends, say) have used. */
function treeCpuOf(pid: number | undefined): Map<number, number> {
  const tree = new Map<number, number>();
  if (pid === undefined) return tree;
  for (const p of [pid, ...childrenOf(pid)]) tree.set(p, cpuSecondsOf(p));
  return tree;
}

/** CPU seconds a process tree used between two readings; one that ended meanwhile is left out. */
function treeCpuSince(before: Map<number, number>, pid: number | undefined): number {
  let seconds = 0;
  for (const [p, cpu] of treeCpuOf(pid)) seconds += cpu - (before.get(p) ?? 0);
  return seconds;
}

/** Child processes of pid (Next could run its server in one). */
function childrenOf(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
      .trim()
      .split(/\s+/)
      .filter(Boolean)
      .map(Number);
  } catch {
    return [];
  }
}

interface RunReport extends Chatting {
  chats: number;
  /** Which chats read their answer on another instance than they asked. */
  crossChats: boolean[];
  stored: number;
  peakMb: number;
  extra: string[];
}

interface Chatting {
  results: ChatResult[];
  /** Every token's delay, and each chat's. */
  delays: number[];
  chatDelays: number[][];
  /**
   * How many of each chat's first tokens the stub sent before the chat's reader re-attached on
   * another instance (0 where it read where it asked): they come in the re-attach's replay.
   */
  chatReplayed: number[];
  /** Each token's arrival (the shared monotonic clock), in the order of `delays`. */
  arrivals: number[];
  errors: string[];
  clientsLoopP99: number;
  /** The CPU each process used while the chats ran, as a line to print. */
  cpu: string;
  /** The server's CPU by thread, and the database server's, while the chats ran. */
  threads: string;
}

/**
 * Every chat asks its question at once through the server at `url`, from the client processes,
 * and reads its answer; each token's delay is its arrival less the stub's stamp of its sending.
 */
async function askAll(
  chatJobs: ChatJob[],
  serverPids: Array<number | undefined>,
  stub: ChildProcess,
  databasePid?: number,
): Promise<Chatting> {
  const chats = chatJobs.length;
  const cpuSecondsOfAll = (pids: Array<number | undefined>) =>
    pids.reduce((sum: number, pid) => sum + cpuSecondsOf(pid), 0);
  const scheduleOfAll = () =>
    serverPids.map(mainThreadSchedule).reduce((a, b) => ({
      runS: a.runS + b.runS,
      waitS: a.waitS + b.waitS,
    }));
  const groups = Math.min(CLIENT_PROCESSES, chats);
  const clients = Array.from({ length: groups }, () => forkBenchProcess('clients-process.ts'));
  benchProcesses.push(...clients);
  const cpuBefore = cpuSecondsOfAll(serverPids);
  const threadsBefore = threadCpuOf(serverPids[0]);
  const databaseBefore = treeCpuOf(databasePid);
  const scheduleBefore = scheduleOfAll();
  const stubCpuBefore = cpuSecondsOf(stub.pid);
  const chatsStarted = performance.now();
  const perGroup = Math.ceil(chats / groups);
  clients.forEach((client, group) => {
    const firstChat = group * perGroup;
    const ids = chatJobs.slice(firstChat, firstChat + perGroup);
    client.send({ chats: ids, firstChat } satisfies ClientsJob);
  });
  const reports = await Promise.all(clients.map((c) => nextMessage<ClientsReport>(c)));
  const results = reports.flatMap((r) => r.results);
  const wallS = (performance.now() - chatsStarted) / 1000;
  const serverCpuS = cpuSecondsOfAll(serverPids) - cpuBefore;
  const threadsAfter = threadCpuOf(serverPids[0]);
  const databaseCpuS = treeCpuSince(databaseBefore, databasePid);
  const byThread = [...threadsAfter]
    .map(([name, s]) => ({ name, s: s - (threadsBefore.get(name) ?? 0) }))
    .filter(({ s }) => s >= 0.05)
    .sort((a, b) => b.s - a.s)
    .map(({ name, s }) => `${name} ${s.toFixed(1)} s`)
    .join(', ');
  const threads = `server CPU by thread (first instance): ${byThread || 'none'}${databasePid === undefined ? '' : `; PostgreSQL's processes ${databaseCpuS.toFixed(1)} s`}`;
  const scheduleAfter = scheduleOfAll();
  const stubCpuS = cpuSecondsOf(stub.pid) - stubCpuBefore;
  const clientsCpuS = reports.reduce((sum, r) => sum + r.cpuS, 0);
  const cpu = `CPU while the chats ran (${wallS.toFixed(1)} s): server ${serverCpuS.toFixed(1)} s (${((100 * serverCpuS) / wallS).toFixed(0)}% of a core, ${((1000 * serverCpuS) / (chats * TOKENS)).toFixed(3)} ms per token), stub ${stubCpuS.toFixed(1)} s (nearly the same work every run: a rough gauge of the machine's speed), clients ${clientsCpuS.toFixed(1)} s; the server's main thread ran ${(scheduleAfter.runS - scheduleBefore.runS).toFixed(1)} s and waited ${(scheduleAfter.waitS - scheduleBefore.waitS).toFixed(1)} s for a core`;

  stub.send('emitted');
  const { emitted } = await nextMessage<{ emitted: number[] }>(stub);
  const sentAt = new Map<string, number>();
  for (let i = 0; i < emitted.length; i += 3) {
    sentAt.set(`${emitted[i]}:${emitted[i + 1]}`, emitted[i + 2]);
  }
  const chatDelays: number[][] = [];
  const chatReplayed: number[] = [];
  const arrivedAt: number[] = [];
  const errors: string[] = [];
  for (const [chat, result] of results.entries()) {
    const { arrivals, reattach } = result;
    const delays: number[] = [];
    let replayed = 0;
    for (let i = 0; i < arrivals.length; i += 2) {
      const sent = sentAt.get(`${chat}:${arrivals[i]}`);
      if (sent === undefined) {
        result.error ??= `token ${arrivals[i]} that the stub never sent for this chat`;
        break;
      }
      delays.push(arrivals[i + 1] - sent);
      if (reattach && sent < reattach.answeredAt) replayed++;
      arrivedAt.push(arrivals[i + 1]);
    }
    chatDelays.push(delays);
    chatReplayed.push(replayed);
    if (result.error) errors.push(`chat ${chat}: ${result.error}`);
  }
  const clientsLoopP99 = Math.max(...reports.map((r) => r.loopP99Ms));
  return {
    results,
    delays: chatDelays.flat(),
    chatDelays,
    chatReplayed,
    arrivals: arrivedAt,
    errors,
    clientsLoopP99,
    cpu,
    threads,
  };
}

/** The same chats through the bare relay (relay-process.ts) instead of Folio. */
async function runRelay(): Promise<Chatting> {
  const stub = forkBenchProcess('stub-process.ts');
  const relay = forkBenchProcess('relay-process.ts');
  benchProcesses.push(stub, relay);
  try {
    const { url: stubUrl } = await nextMessage<{ url: string }>(stub);
    relay.send({ stubUrl });
    const { url } = await nextMessage<{ url: string }>(relay);
    const chats = Array.from({ length: CHATS }, (_, i) => ({
      chatId: `relay-${i}`,
      askUrl: url,
      readUrl: url,
    }));
    return await askAll(chats, [relay.pid], stub);
  } finally {
    relay.send('close');
    stub.send('close');
  }
}

/** A file read while the chats run: the PDF, or a scanned copy of its first pages. */
interface Reading {
  name: string;
  bytes: Uint8Array;
}

/**
 * Several instances of Folio over one database and one Redis: chat i is asked on instance
 * i mod n, and every other pair of chats reads its answer on the next instance instead.
 */
interface Instances {
  count: number;
  redisUrl: string;
}

async function run(
  chats: number,
  options: { reading?: Reading; backend: Backend; instances?: Instances },
): Promise<RunReport> {
  const { reading, backend, instances } = options;
  const stub = forkBenchProcess('stub-process.ts');
  benchProcesses.push(stub);
  const { url: stubUrl } = await nextMessage<{ url: string }>(stub);
  const databaseUrl = backend === 'postgres' ? await createTestDatabase() : undefined;
  const start = () =>
    startFolio({
      backend,
      databaseUrl,
      env: {
        OPENAI_BASE_URL: stubUrl,
        OPENAI_API_KEY: 'bench',
        FOLIO_CHAT_MODEL: 'stub-model',
        // All chats come from this one loopback client; in use they are 100 people.
        FOLIO_RATE_LIMIT_PER_MINUTE: String(10 * CHATS),
        ...(instances ? { FOLIO_REDIS_URL: instances.redisUrl } : {}),
        ...(profileDir ? { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${profileDir}` } : {}),
      },
    });
  const all: FolioServer[] = [];
  for (let i = 0; i < (instances?.count ?? 1); i++) {
    all.push(await start());
    servers.push(all[i]);
  }
  const folio = all[0];
  const extra: string[] = [];
  try {
    const form = new FormData();
    form.append('file', new Blob([handbook], { type: 'text/markdown' }), 'handbook.md');
    const [doc] = (
      await json<{ documents: Array<{ id: string }> }>(
        await fetch(`${folio.url}/api/documents`, { method: 'POST', body: form }),
      )
    ).documents;
    for (let status = 'processing'; status === 'processing'; ) {
      await new Promise((r) => setTimeout(r, 50));
      status = (await json<{ status: string }>(await fetch(`${folio.url}/api/documents/${doc.id}`)))
        .status;
      if (status !== 'processing' && status !== 'ready') throw new Error(`handbook ${status}`);
    }
    const chatIds: string[] = [];
    for (let i = 0; i < chats; i++) {
      const chat = await json<{ id: string }>(
        await fetch(`${folio.url}/api/chats`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: '{}',
        }),
      );
      chatIds.push(chat.id);
    }

    let pdfId: string | undefined;
    let pdfUploadedAt = 0;
    if (reading) {
      const pdf = new FormData();
      pdf.append(
        'file',
        new Blob([new Uint8Array(reading.bytes)], { type: 'application/pdf' }),
        reading.name,
      );
      const uploaded = await json<{ documents: Array<{ id: string; status: string }> }>(
        await fetch(`${folio.url}/api/documents`, { method: 'POST', body: pdf }),
      );
      pdfId = uploaded.documents[0].id;
      pdfUploadedAt = performance.now();
    }
    const pdfState = async () => {
      if (!pdfId) return '';
      const d = await json<{ status: string; stage?: string; pagesDone?: number; pages?: number }>(
        await fetch(`${folio.url}/api/documents/${pdfId}`),
      );
      return `${d.status}${d.stage ? ` (${d.stage})` : ''}, pages ${d.pagesDone ?? '?'}/${d.pages ?? '?'}`;
    };

    const jobs = chatIds.map((chatId, i) => ({
      chatId,
      askUrl: all[i % all.length].url,
      readUrl: all[(i + (crossReader(i, all.length) ? 1 : 0)) % all.length].url,
    }));
    const redisBefore = instances && (await redisCounts(instances.redisUrl));
    const chatting = await askAll(
      jobs,
      all.map((f) => f.process.pid),
      stub,
      backend === 'postgres' ? postgresPid : undefined,
    );
    if (instances && redisBefore) {
      const work = redisWork(redisBefore, await redisCounts(instances.redisUrl));
      extra.push(
        `Redis: ${(work.calls / (chats * TOKENS)).toFixed(2)} commands per token (${work.calls} in all: ${work.busiest}), ${(work.netIn / chats / 1024).toFixed(1)} KB in and ${(work.netOut / chats / 1024).toFixed(1)} KB out per answer`,
      );
    }
    if (pdfId) {
      extra.push(`PDF when the chats ended: ${await pdfState()}`);
      extra.push(`document reader threads: ${readerScheduling(folio.process.pid)}`);
    }

    let stored = 0;
    const storeProblems: string[] = [];
    for (const [i, id] of chatIds.entries()) {
      const chat = await json<{
        messages: Array<{ role: string; status: string; content: string }>;
      }>(await fetch(`${folio.url}/api/chats/${id}`));
      const answers = chat.messages.filter((m) => m.role === 'assistant');
      const last = answers.at(-1);
      if (answers.length === 1 && last?.status === 'complete' && last.content === answerOf(i)) {
        stored++;
      } else {
        storeProblems.push(
          `chat ${i}: ${last ? `${last.status}, ${last.content.length} chars` : 'no answer'}`,
        );
      }
    }
    if (storeProblems.length)
      extra.push(`not stored complete: ${storeProblems.slice(0, 5).join('; ')}`);
    if (chatting.errors.length) {
      // What the instances said about it (Redis's troubles are logged there, once each).
      const said = new Set(
        all.flatMap((f, i) =>
          f
            .output()
            .split('\n')
            .filter(Boolean)
            .map((line) => `instance ${i}: ${line}`),
        ),
      );
      extra.push(`the instances said: ${[...said].slice(-8).join(' | ') || 'nothing'}`);
    }
    const pid = folio.process.pid;
    const { peakMb } = memoryOf(pid);
    const children = pid === undefined ? [] : childrenOf(pid);
    if (children.length) {
      extra.push(
        `server child processes: ${children.map((c) => `${c} peak ${memoryOf(c).peakMb.toFixed(0)} MB`).join(', ')}`,
      );
    }

    if (pdfId) {
      const deadline = performance.now() + INGEST_WAIT_MS;
      let state = await pdfState();
      while (state.startsWith('processing') && performance.now() < deadline) {
        await new Promise((r) => setTimeout(r, 500));
        state = await pdfState();
      }
      const seconds = ((performance.now() - pdfUploadedAt) / 1000).toFixed(1);
      extra.push(
        state.startsWith('processing')
          ? `PDF still ${state} ${seconds} s after its upload (stopped waiting)`
          : `PDF ${state} ${seconds} s after its upload; server peak memory by then ${memoryOf(pid).peakMb.toFixed(0)} MB`,
      );
    }

    extra.unshift(
      `responses encoded: ${[...new Set(chatting.results.map((r) => r.encoding))].join(', ')} (clients send Accept-Encoding: gzip, deflate, br, as browsers do)`,
    );
    const crossChats = chatIds.map((_, i) => crossReader(i, all.length));
    return { ...chatting, chats, crossChats, stored, peakMb, extra };
  } finally {
    for (const f of all) await f.stop();
    stub.send('close');
  }
}

/** Whether chat i reads its answer on another instance than it asked: every other pair. */
const crossReader = (i: number, instances: number) => instances > 1 && Math.floor(i / 2) % 2 === 1;

/** What the clients saw: the same lines for Folio and for the relay. */
function printChatting(r: Chatting, target: boolean) {
  const p50 = percentile(r.delays, 0.5);
  const p99 = percentile(r.delays, 0.99);
  const durations = r.results.map((c) => c.durationMs);
  const verdict = ` (target p99 < ${TARGET_P99_MS} ms: ${p99 < TARGET_P99_MS ? 'met' : 'MISSED'})`;
  console.log(
    `  errors                       ${r.errors.length} (target 0)${r.errors.length ? `: ${r.errors.slice(0, 5).join('; ')}` : ''}`,
  );
  console.log(
    `  token delay, stub → client   p50 ${p50.toFixed(1)} ms, p99 ${p99.toFixed(1)} ms, max ${Math.max(...r.delays).toFixed(1)} ms over ${r.delays.length} tokens${target ? verdict : ''}`,
  );
  const firstTokens = r.results.flatMap((c) => c.firstTokenMs ?? []);
  console.log(
    `  time to the first token      p50 ${(percentile(firstTokens, 0.5) / 1000).toFixed(2)} s, max ${(Math.max(...firstTokens) / 1000).toFixed(2)} s (all ${r.results.length} questions asked at once)`,
  );
  console.log(
    `  answer time                  p50 ${(percentile(durations, 0.5) / 1000).toFixed(2)} s, max ${(Math.max(...durations) / 1000).toFixed(2)} s (the stub alone takes ${((TOKENS * TOKEN_DELAY_MS) / 1000).toFixed(1)} s)`,
  );
  console.log(
    `  longest pause in one stream  ${Math.max(...r.results.map((c) => c.longestGapMs)).toFixed(0)} ms (tokens are 20 ms apart at the stub)`,
  );
  console.log(
    `  clients' event-loop delay    p99 ${r.clientsLoopP99.toFixed(1)} ms in the slowest client process (part of the token delay)`,
  );
  console.log(`  ${r.cpu}`);
  if (target) printPhases(r);
}

/**
 * The token delay while questions were still starting (until the last chat's first token) and
 * after, when every answer only streams; with --timeline, its p99 in each second too.
 */
function printPhases(r: Chatting) {
  const allStarted = Math.max(...r.results.map((c) => c.arrivals[1] ?? Number.NaN));
  const starting = r.delays.filter((_, i) => r.arrivals[i] <= allStarted);
  const streaming = r.delays.filter((_, i) => r.arrivals[i] > allStarted);
  const p = (delays: number[]) =>
    `p50 ${percentile(delays, 0.5).toFixed(1)} ms, p99 ${percentile(delays, 0.99).toFixed(1)} ms over ${delays.length} tokens`;
  console.log(`  token delay while questions start (until the last first token) ${p(starting)}`);
  console.log(`  token delay once all stream                                  ${p(streaming)}`);
  console.log(`  ${r.threads}`);
  if (!timeline) return;
  const first = Math.min(...r.arrivals);
  const bySecond: number[][] = [];
  r.arrivals.forEach((at, i) => {
    const second = Math.floor((at - first) / 1000);
    bySecond[second] ??= [];
    bySecond[second].push(r.delays[i]);
  });
  console.log(
    `  p99 by second from the first token: ${Array.from(bySecond, (d) => (d ? percentile(d, 0.99).toFixed(0) : '-')).join(' ')} ms`,
  );
}

function print(label: string, r: RunReport) {
  console.log(`\n${label} (load ${loadAverage()})`);
  printChatting(r, true);
  console.log(
    `  answers stored complete      ${r.stored} of ${r.chats} (target ${r.chats} of ${r.chats})`,
  );
  if (r.crossChats.some(Boolean)) {
    for (const cross of [false, true]) {
      const chats = r.crossChats.flatMap((isCross, i) => (isCross === cross ? [i] : []));
      const delays = chats.flatMap((i) => r.chatDelays[i]);
      const firstTokens = chats.flatMap((i) => r.results[i].firstTokenMs ?? []);
      const p99 = percentile(delays, 0.99);
      console.log(
        `  ${cross ? 're-attached on the other instance' : 'read where asked               '} ${chats.length} chats: token delay p50 ${percentile(delays, 0.5).toFixed(1)} ms, p99 ${p99.toFixed(1)} ms (target < ${TARGET_P99_MS} ms: ${p99 < TARGET_P99_MS ? 'met' : 'MISSED'}); first token p50 ${(percentile(firstTokens, 0.5) / 1000).toFixed(2)} s, max ${(Math.max(...firstTokens) / 1000).toFixed(2)} s`,
      );
    }
    printReattaching(r);
  }
  console.log(
    `  server peak resident memory  ${r.peakMb.toFixed(0)} MB (VmHWM of the first instance)`,
  );
  for (const line of r.extra) console.log(`  ${line}`);
}

/**
 * The re-attached readers' tokens apart: those the stub sent before the re-attach answered come
 * in its replay, all at once, so their delay is the re-attach's; the rest are followed live.
 */
function printReattaching(r: RunReport) {
  const chats = r.crossChats.flatMap((isCross, i) => (isCross ? [i] : []));
  const live = chats.flatMap((i) => r.chatDelays[i].slice(r.chatReplayed[i]));
  const replayed = chats.flatMap((i) => r.chatDelays[i].slice(0, r.chatReplayed[i]));
  const answered = chats.flatMap((i) => {
    const reattach = r.results[i].reattach;
    return reattach ? [reattach.answeredAt - reattach.sentAt] : [];
  });
  const p = (values: number[], q: number) => percentile(values, q).toFixed(1);
  const max = (values: number[]) => Math.max(...values).toFixed(1);
  /** A re-attach that came before the first token replays nothing: say so, not NaN. */
  const replayedDelay = (values: number[]) =>
    values.length === 0
      ? "none (each re-attach came before its answer's first token)"
      : `delay p50 ${p(values, 0.5)} ms, max ${max(values)} ms`;
  console.log(
    `    of which followed live      ${live.length} tokens: delay p50 ${p(live, 0.5)} ms, p99 ${p(live, 0.99)} ms, max ${max(live)} ms`,
  );
  console.log(
    `    of which replayed           ${replayed.length} tokens sent before the re-attach answered: ${replayedDelay(replayed)}; the re-attach (GET …/stream) answered in p50 ${p(answered, 0.5)} ms, max ${max(answered)} ms`,
  );
}
/** --timeline prints each second's p99 token delay (to see when delays happen). */
const timeline = process.argv.includes('--timeline');

/** The throwaway PostgreSQL server's postmaster, whose processes' CPU is printed. */
let postgresPid: number | undefined;

/** --profile-server=DIR writes the server's V8 CPU profile there (to see where its time goes). */
const profileDir = process.argv
  .find((a) => a.startsWith('--profile-server='))
  ?.slice('--profile-server='.length);

/**
 * --instances 2: the chats over that many instances sharing one PostgreSQL and one Redis, beside
 * one instance on PostgreSQL alone, in the same run (the PDF and OCR runs are left out).
 */
const instancesArg = process.argv.findIndex(
  (a) => a === '--instances' || a.startsWith('--instances='),
);
const instanceCount =
  instancesArg >= 0
    ? Number(process.argv[instancesArg].split('=')[1] ?? process.argv[instancesArg + 1])
    : 1;

/** --backend postgres: each run on SQLite, then the same on PostgreSQL. */
const backendArg = process.argv.findIndex((a) => a === '--backend' || a.startsWith('--backend='));
const backends: Backend[] =
  instanceCount > 1
    ? ['postgres']
    : backendArg >= 0 &&
        (process.argv[backendArg].split('=')[1] ?? process.argv[backendArg + 1]) === 'postgres'
      ? ['sqlite', 'postgres']
      : ['sqlite'];

/** --ladder=1,10 adds runs with fewer chats before the 100, to see where the delay starts. */
const ladder = [
  ...(process.argv
    .find((a) => a.startsWith('--ladder='))
    ?.slice('--ladder='.length)
    .split(',')
    .map(Number)
    .filter((n) => Number.isInteger(n) && n > 0 && n < CHATS) ?? []),
  CHATS,
];

async function main() {
  const deadlineMs = BENCH_DEADLINE_MS * backends.length;
  const postgres = backends.includes('postgres') ? await startPostgres() : undefined;
  if (postgres) process.env.FOLIO_TEST_POSTGRES_URL = postgres.url;
  postgresPid = postgres?.pid;
  const watchdog = setTimeout(async () => {
    console.log(`bench:load stopped after ${deadlineMs / 1000} s`);
    for (const s of servers) s.process.kill('SIGKILL');
    for (const p of benchProcesses) p.kill('SIGKILL');
    await postgres?.stop();
    process.exit(1);
  }, deadlineMs);
  watchdog.unref();
  try {
    if (instanceCount > 1) await runInstances(instanceCount);
    else await runAll();
  } finally {
    clearTimeout(watchdog);
    await postgres?.stop();
  }
}

async function runInstances(count: number) {
  console.log(
    `bench:load --instances ${count} — ${CHATS} concurrent chats × ${TOKENS} tokens at ${1000 / TOKEN_DELAY_MS} tokens/s, ${os.cpus().length} cores, load ${loadAverage()}`,
  );
  const relay = await runRelay();
  console.log(
    `\nthe ${CHATS} chats through a bare node:http relay instead of Folio (load ${loadAverage()})`,
  );
  printChatting(relay, false);
  print(`${CHATS} chats, one instance, postgres`, await run(CHATS, { backend: 'postgres' }));
  const redis = await startRedis();
  try {
    print(
      `${CHATS} chats over ${count} instances, postgres + Redis, every other pair of chats read on the other instance`,
      await run(CHATS, { backend: 'postgres', instances: { count, redisUrl: redis.url } }),
    );
  } finally {
    await redis.stop();
  }
}

async function runAll() {
  console.log(
    `bench:load — ${ladder.join(', ')} concurrent chats × ${TOKENS} tokens at ${1000 / TOKEN_DELAY_MS} tokens/s, ${os.cpus().length} cores, load ${loadAverage()}`,
  );
  const relay = await runRelay();
  console.log(
    `\nthe ${CHATS} chats through a bare node:http relay instead of Folio: no Next, database or program, so what this machine and the instrument cost any Node server (load ${loadAverage()})`,
  );
  printChatting(relay, false);
  for (const chats of ladder) {
    for (const backend of backends) {
      print(`${chats} chats alone, ${backend}`, await run(chats, { backend }));
    }
  }
  if (!existsSync(PDF)) {
    console.log(`\nchats while PDFs are read: skipped, ${PDF} is absent (../shared/data)`);
  } else {
    const bytes = new Uint8Array(readFileSync(PDF));
    if (process.argv.includes('--no-pdf')) {
      console.log('\nchats while a 600-page PDF ingests: skipped (--no-pdf)');
    } else {
      for (const backend of backends) {
        print(
          `${CHATS} chats while ${path.basename(PDF)} ingests, ${backend}`,
          await run(CHATS, { reading: { name: path.basename(PDF), bytes }, backend }),
        );
      }
    }
    if (process.argv.includes('--no-ocr')) {
      console.log('\nchats while a scanned PDF is recognised: skipped (--no-ocr)');
    } else {
      const name = `scan of ${SCANNED_PAGES} pages of ${path.basename(PDF)}`;
      const scanned = await scannedCopy(bytes, 200, { first: 1, count: SCANNED_PAGES });
      for (const backend of backends) {
        print(
          `${CHATS} chats while a ${name} is recognised, ${backend}`,
          await run(CHATS, { reading: { name, bytes: scanned }, backend }),
        );
      }
    }
  }
}

await main();
