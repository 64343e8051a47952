/**
 * bench:load's clients, in a process of their own (see stub-process.ts): given the server's URL
 * and the chat ids, asks in every chat at once and reads each UI message stream as a browser
 * would, stamping each token's arrival on the shared monotonic clock. Sends back what each chat
 * received, this process's event-loop delay and its CPU time.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { answerOf, monotonicMs, questionOf, TOKEN } from './workload';

const CHAT_TIMEOUT_MS = 60_000;

export interface ClientsJob {
  url: string;
  chatIds: string[];
}

export interface ChatResult {
  error?: string;
  /** [seq, arrival time] of each token, in order. */
  arrivals: number[];
  durationMs: number;
  /** Longest time between two text deltas of this answer. */
  longestGapMs: number;
  /** The response's Content-Encoding. */
  encoding: string;
}

export interface ClientsReport {
  results: ChatResult[];
  loopP99Ms: number;
  cpuS: number;
}

/** Asks one question and reads the UI message stream, stamping every token as it completes. */
async function runChat(job: ClientsJob, chatId: string, chat: number): Promise<ChatResult> {
  const arrivals: number[] = [];
  const started = monotonicMs();
  let lastDelta: number | undefined;
  let encoding = '';
  let longestGapMs = 0;
  const done = (error?: string): ChatResult => ({
    error,
    arrivals,
    durationMs: monotonicMs() - started,
    longestGapMs,
    encoding,
  });
  try {
    const res = await fetch(`${job.url}/api/chats/${chatId}/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ content: questionOf(chat) }),
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
      const arrived = monotonicMs();
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
          if (Number(m[1]) !== chat) return done(`token ${m[0]} of another chat`);
          arrivals.push(Number(m[2]), arrived);
          scanned = TOKEN.lastIndex;
        }
      }
    }
    if (!finished) return done('stream ended without a finish part');
    if (text !== answerOf(chat)) {
      return done(`answer text differs (${arrivals.length / 2} tokens received)`);
    }
    return done();
  } catch (error) {
    return done(error instanceof Error ? `${error.name}: ${error.message}` : String(error));
  }
}

process.once('message', async (job: ClientsJob) => {
  const loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();
  const cpuBefore = process.cpuUsage();
  const results = await Promise.all(job.chatIds.map((id, i) => runChat(job, id, i)));
  const cpu = process.cpuUsage(cpuBefore);
  loop.disable();
  const report: ClientsReport = {
    results,
    loopP99Ms: loop.percentile(99) / 1e6,
    cpuS: (cpu.user + cpu.system) / 1e6,
  };
  process.send?.(report, () => process.disconnect());
});
