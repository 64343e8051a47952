/**
 * npm run bench:load — 100 chats answering at once through the real server, each answer 300
 * tokens streamed by the OpenAI-compatible stub at 50 tokens per second (one token per chunk,
 * 20 ms apart); then the same again on a fresh server while a ~600-page PDF ingests.
 *
 * Printed per run: errors (target 0), answers stored complete according to GET /api/chats/:id
 * (target 100 of 100), the delay from the stub handing a token to its socket to the client
 * receiving the text-delta that completes it, p50/p99 (target p99 under 25 ms), and the
 * server's peak resident memory (VmHWM of its process). Each token carries its chat and
 * sequence number (`c17t42,`); the stub's onChunk hook records when each was emitted, and the
 * client, which reads the UI message stream as a browser would, looks its arrival up there.
 * The stub and the clients share this process, so its own event-loop delay is printed too:
 * whatever it is, it is part of the measured delay. So are the CPU seconds the server and this
 * process used, per token.
 *
 * Clients ask as browsers do (Accept-Encoding: gzip, deflate, br), so Next compresses the
 * stream; a second run of 100 chats asks for it uncompressed (Accept-Encoding: identity), to
 * show what compression costs (--no-identity leaves it out). --ladder=1,10 adds runs with
 * fewer chats first; --no-pdf leaves out the PDF run; --profile-server=DIR writes the server's
 * V8 CPU profiles there.
 *
 * Everything listens on 127.0.0.1, and the whole bench stops itself after 5 minutes.
 */
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { type OpenAIStub, type StubReply, startOpenAIStub } from '../tests/support/openai-stub';
import { type FolioServer, startFolio } from '../tests/support/server';
import { json, loadAverage } from './lib/server-run';
import { percentile } from './lib/stats';

const CHATS = 100;
const TOKENS = 300;
const TOKEN_DELAY_MS = 20;
const TARGET_P99_MS = 25;
const CHAT_TIMEOUT_MS = 60_000;
const INGEST_WAIT_MS = 90_000;
const BENCH_DEADLINE_MS = 300_000;
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

const token = (chat: number, seq: number) => `c${chat}t${seq},`;
const TOKEN = /c(\d+)t(\d+),/g;
const answerOf = (chat: number) =>
  Array.from({ length: TOKENS }, (_, seq) => token(chat, seq)).join(' ');

/** The completion in the chat adapter's format, one answer token per chunk. */
function reply(chat: number): StubReply {
  const chunks = [
    '[[ ## reasoning ## ]]\n',
    'The handbook names the keeper.',
    '\n\n[[ ## answer ## ]]\n',
    ...Array.from({ length: TOKENS }, (_, seq) => (seq === 0 ? '' : ' ') + token(chat, seq)),
    '\n\n[[ ## completed ## ]]',
  ];
  return { text: chunks.join(''), chunks, delayMs: TOKEN_DELAY_MS };
}

const servers: FolioServer[] = [];
const stubs: OpenAIStub[] = [];

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

/** CPU seconds (user + system) a process has used, from /proc/<pid>/stat. */
function cpuSecondsOf(pid: number | undefined): number {
  if (pid === undefined) return Number.NaN;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return Number.NaN;
  }
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

interface ChatResult {
  error?: string;
  delays: number[];
  tokens: number;
  durationMs: number;
  /** Longest time between two text deltas of this answer. */
  longestGapMs: number;
  /** The response's Content-Encoding. */
  encoding: string;
}

/** Asks one question and reads the UI message stream, timing every token as it completes. */
async function runChat(
  url: string,
  chatId: string,
  chat: number,
  emitted: Map<string, number>,
  identity: boolean,
): Promise<ChatResult> {
  const delays: number[] = [];
  const started = performance.now();
  let tokens = 0;
  let lastDelta: number | undefined;
  let encoding = '';
  let longestGapMs = 0;
  const done = (error?: string): ChatResult => ({
    error,
    delays,
    tokens,
    durationMs: performance.now() - started,
    longestGapMs,
    encoding,
  });
  try {
    const res = await fetch(`${url}/api/chats/${chatId}/messages`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(identity ? { 'accept-encoding': 'identity' } : {}),
      },
      body: JSON.stringify({ content: `Load question ${chat}: who kept the lighthouse?` }),
      signal: AbortSignal.timeout(CHAT_TIMEOUT_MS),
    });
    encoding = res.headers.get('content-encoding') ?? 'identity';
    if (res.status !== 200 || !res.body) return done(`HTTP ${res.status}`);
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    let text = '';
    let scanned = 0;
    let finished = false;
    for (;;) {
      const { done: ended, value } = await reader.read();
      const arrived = performance.now();
      if (ended) break;
      buffer += value;
      let end = buffer.indexOf('\n\n');
      while (end >= 0) {
        const event = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        end = buffer.indexOf('\n\n');
        const data = event
          .split('\n')
          .filter((line) => line.startsWith('data: '))
          .map((line) => line.slice(6))
          .join('\n');
        if (!data || data === '[DONE]') continue;
        const part = JSON.parse(data) as { type: string; delta?: string; errorText?: string };
        if (part.type === 'error') return done(`error part: ${part.errorText}`);
        if (part.type === 'finish') finished = true;
        if (part.type !== 'text-delta' || typeof part.delta !== 'string') continue;
        text += part.delta;
        if (lastDelta !== undefined) longestGapMs = Math.max(longestGapMs, arrived - lastDelta);
        lastDelta = arrived;
        TOKEN.lastIndex = scanned;
        for (let m = TOKEN.exec(text); m; m = TOKEN.exec(text)) {
          const sent = emitted.get(`${m[1]}:${m[2]}`);
          if (Number(m[1]) !== chat || sent === undefined) {
            return done(`token ${m[0]} that the stub never sent for this chat`);
          }
          delays.push(arrived - sent);
          tokens++;
          scanned = TOKEN.lastIndex;
        }
      }
    }
    if (!finished) return done('stream ended without a finish part');
    if (text !== answerOf(chat)) return done(`answer text differs (${tokens} tokens received)`);
    return done();
  } catch (error) {
    return done(error instanceof Error ? `${error.name}: ${error.message}` : String(error));
  }
}

interface RunReport {
  chats: number;
  longestGapMs: number;
  errors: string[];
  stored: number;
  delays: number[];
  durations: number[];
  peakMb: number;
  benchLoopP99: number;
  extra: string[];
}

async function run(
  chats: number,
  options: { withPdf?: boolean; identity?: boolean } = {},
): Promise<RunReport> {
  const { withPdf = false, identity = false } = options;
  const stub = await startOpenAIStub();
  stubs.push(stub);
  const emitted = new Map<string, number>();
  stub.onChunk = (_record, _index, text, time) => {
    for (const m of text.matchAll(TOKEN)) emitted.set(`${m[1]}:${m[2]}`, time);
  };
  stub.reply = (body) => {
    const chat = /Load question (\d+)/.exec(JSON.stringify(body.messages ?? ''))?.[1];
    return chat === undefined ? { text: 'unexpected request', status: 500 } : reply(Number(chat));
  };
  const folio = await startFolio({
    env: {
      OPENAI_BASE_URL: stub.url,
      OPENAI_API_KEY: 'bench',
      FOLIO_CHAT_MODEL: 'stub-model',
      // All chats come from this one loopback client; in use they are 100 people.
      FOLIO_RATE_LIMIT_PER_MINUTE: String(10 * CHATS),
      ...(profileDir ? { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${profileDir}` } : {}),
    },
  });
  servers.push(folio);
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
    if (withPdf) {
      const pdf = new FormData();
      pdf.append(
        'file',
        new Blob([readFileSync(PDF)], { type: 'application/pdf' }),
        path.basename(PDF),
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

    const loop = monitorEventLoopDelay({ resolution: 5 });
    loop.enable();
    const cpuBefore = cpuSecondsOf(folio.process.pid);
    const benchCpuBefore = process.cpuUsage();
    const chatsStarted = performance.now();
    const results = await Promise.all(
      chatIds.map((id, i) => runChat(folio.url, id, i, emitted, identity)),
    );
    const wallS = (performance.now() - chatsStarted) / 1000;
    const serverCpuS = cpuSecondsOf(folio.process.pid) - cpuBefore;
    const benchCpu = process.cpuUsage(benchCpuBefore);
    const benchCpuS = (benchCpu.user + benchCpu.system) / 1e6;
    loop.disable();
    extra.push(
      `CPU while the chats ran (${wallS.toFixed(1)} s): server ${serverCpuS.toFixed(1)} s (${((100 * serverCpuS) / wallS).toFixed(0)}% of a core, ${((1000 * serverCpuS) / (chats * TOKENS)).toFixed(2)} ms per token), this bench ${benchCpuS.toFixed(1)} s`,
    );
    if (pdfId) extra.push(`PDF when the chats ended: ${await pdfState()}`);

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

    const errors = results.flatMap((r, i) => (r.error ? [`chat ${i}: ${r.error}`] : []));
    extra.unshift(
      `responses encoded: ${[...new Set(results.map((r) => r.encoding))].join(', ')}${identity ? ' (client sent Accept-Encoding: identity)' : ' (fetch sends Accept-Encoding: gzip, deflate, br, as browsers do)'}`,
    );
    return {
      chats,
      longestGapMs: Math.max(...results.map((r) => r.longestGapMs)),
      errors,
      stored,
      delays: results.flatMap((r) => r.delays),
      durations: results.map((r) => r.durationMs),
      peakMb,
      benchLoopP99: loop.percentile(99) / 1e6,
      extra,
    };
  } finally {
    await folio.stop();
    await stub.close();
  }
}

function print(label: string, r: RunReport) {
  const p50 = percentile(r.delays, 0.5);
  const p99 = percentile(r.delays, 0.99);
  console.log(`\n${label} (load ${loadAverage()})`);
  console.log(
    `  errors                       ${r.errors.length} (target 0)${r.errors.length ? `: ${r.errors.slice(0, 5).join('; ')}` : ''}`,
  );
  console.log(
    `  answers stored complete      ${r.stored} of ${r.chats} (target ${r.chats} of ${r.chats})`,
  );
  console.log(
    `  token delay, stub → client   p50 ${p50.toFixed(1)} ms, p99 ${p99.toFixed(1)} ms, max ${Math.max(...r.delays).toFixed(1)} ms over ${r.delays.length} tokens (target p99 < ${TARGET_P99_MS} ms: ${p99 < TARGET_P99_MS ? 'met' : 'MISSED'})`,
  );
  console.log(
    `  answer time                  p50 ${(percentile(r.durations, 0.5) / 1000).toFixed(2)} s, max ${(Math.max(...r.durations) / 1000).toFixed(2)} s (the stub alone takes ${((TOKENS * TOKEN_DELAY_MS) / 1000).toFixed(1)} s)`,
  );
  console.log(
    `  longest pause in one stream  ${r.longestGapMs.toFixed(0)} ms (tokens are 20 ms apart at the stub)`,
  );
  console.log(`  server peak resident memory  ${r.peakMb.toFixed(0)} MB (VmHWM)`);
  console.log(
    `  bench process event-loop delay p99 ${r.benchLoopP99.toFixed(1)} ms (part of the token delay)`,
  );
  for (const line of r.extra) console.log(`  ${line}`);
}

/** --profile-server=DIR writes the server's V8 CPU profile there (to see where its time goes). */
const profileDir = process.argv
  .find((a) => a.startsWith('--profile-server='))
  ?.slice('--profile-server='.length);

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
  const watchdog = setTimeout(async () => {
    console.log(`bench:load stopped after ${BENCH_DEADLINE_MS / 1000} s`);
    for (const s of servers) s.process.kill('SIGKILL');
    await Promise.all(stubs.map((s) => s.close()));
    process.exit(1);
  }, BENCH_DEADLINE_MS);
  watchdog.unref();

  console.log(
    `bench:load — ${ladder.join(', ')} concurrent chats × ${TOKENS} tokens at ${1000 / TOKEN_DELAY_MS} tokens/s, ${os.cpus().length} cores, load ${loadAverage()}`,
  );
  for (const chats of ladder) print(`${chats} chats alone`, await run(chats));
  if (!process.argv.includes('--no-identity')) {
    print(
      `${CHATS} chats alone, uncompressed (Accept-Encoding: identity)`,
      await run(CHATS, { identity: true }),
    );
  }
  if (process.argv.includes('--no-pdf')) {
    console.log('\nchats while a 600-page PDF ingests: skipped (--no-pdf)');
  } else if (existsSync(PDF)) {
    print(
      `${CHATS} chats while ${path.basename(PDF)} ingests`,
      await run(CHATS, { withPdf: true }),
    );
  } else {
    console.log(`\nchats while a 600-page PDF ingests: skipped, ${PDF} is absent (../shared/data)`);
  }
  clearTimeout(watchdog);
}

await main();
