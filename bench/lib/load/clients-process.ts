/**
 * bench:load's clients, in a process of their own (see stub-process.ts): given the server's URL
 * and the chat ids, asks in every chat at once and reads each UI message stream, stamping each
 * token's arrival on the shared monotonic clock. Sends back what each chat received, this
 * process's event-loop delay and its CPU time.
 */
import http from 'node:http';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { answerOf, monotonicMs, questionOf, TOKEN } from './workload';

const CHAT_TIMEOUT_MS = 60_000;

/** A chat to ask in: the instance asked, and the one its answer is read from. */
export interface ChatJob {
  chatId: string;
  askUrl: string;
  /**
   * When another instance: the question's response is dropped once it is accepted, and the
   * answer is read by re-attaching there (GET /api/chats/:id/stream), from its start.
   */
  readUrl: string;
}

export interface ClientsJob {
  chats: ChatJob[];
  /** The workload's number of the first chat, whose question and answer name it. */
  firstChat: number;
}

export interface ChatResult {
  error?: string;
  /** [seq, arrival time] of each token, in order. */
  arrivals: number[];
  durationMs: number;
  /** From asking to the first text delta: how long the crowd kept this answer from starting. */
  firstTokenMs?: number;
  /** Longest time between two text deltas of this answer. */
  longestGapMs: number;
  /** The response's Content-Encoding. */
  encoding: string;
  /**
   * When the answer was read on another instance: when its request left and when its response
   * came (the tokens the stub sent before then come in the replay, as fast as a re-attach is).
   */
  reattach?: { sentAt: number; answeredAt: number };
}

export interface ClientsReport {
  results: ChatResult[];
  loopP99Ms: number;
  cpuS: number;
}

/**
 * Asks one question and reads the UI message stream, stamping every token as it completes.
 *
 * Through node:http and a hand-written SSE reader rather than fetch: fetch's body stream and a
 * TextDecoderStream cost this process about 0.1 ms per token, and with 100 streams arriving at
 * once that queueing went into every token's measured delay. The request is a browser's (the
 * same headers, Accept-Encoding included), and the events are parsed as the AI SDK parses them.
 */
function runChat({ chatId, askUrl, readUrl }: ChatJob, chat: number): Promise<ChatResult> {
  const arrivals: number[] = [];
  const started = monotonicMs();
  let firstDelta = 0;
  let lastDelta: number | undefined;
  let encoding = '';
  let reattach: ChatResult['reattach'];
  let longestGapMs = 0;
  let text = '';
  let scanned = 0;
  let finished = false;
  const result = (error?: string): ChatResult => ({
    error,
    arrivals,
    durationMs: monotonicMs() - started,
    firstTokenMs: lastDelta === undefined ? undefined : firstDelta - started,
    longestGapMs,
    encoding,
    reattach,
  });

  /** One SSE event's data; returns an error to end the chat with, if any. */
  const onData = (data: string, arrived: number): string | undefined => {
    if (data === '[DONE]') return;
    const part = JSON.parse(data) as { type: string; delta?: string; errorText?: string };
    if (part.type === 'error') return `error part: ${part.errorText}`;
    if (part.type === 'finish') finished = true;
    if (part.type !== 'text-delta' || typeof part.delta !== 'string') return;
    text += part.delta;
    if (lastDelta !== undefined) longestGapMs = Math.max(longestGapMs, arrived - lastDelta);
    else firstDelta = arrived;
    lastDelta = arrived;
    TOKEN.lastIndex = scanned;
    for (let m = TOKEN.exec(text); m; m = TOKEN.exec(text)) {
      if (Number(m[1]) !== chat) return `token ${m[0]} of another chat`;
      arrivals.push(Number(m[2]), arrived);
      scanned = TOKEN.lastIndex;
    }
  };

  return new Promise((resolve) => {
    const body = JSON.stringify({ content: questionOf(chat) });
    const headers = { 'accept-encoding': 'gzip, deflate, br' };
    const request = http.request(`${askUrl}/api/chats/${chatId}/messages`, {
      method: 'POST',
      headers: {
        ...headers,
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(body),
      },
      signal: AbortSignal.timeout(CHAT_TIMEOUT_MS),
    });
    const fail = (error: unknown) =>
      resolve(result(error instanceof Error ? `${error.name}: ${error.message}` : String(error)));
    request.on('error', fail);
    request.on('response', (asked) => {
      if (readUrl === askUrl || asked.statusCode !== 200) return read(asked);
      asked.destroy();
      const sentAt = monotonicMs();
      http
        .get(`${readUrl}/api/chats/${chatId}/stream`, {
          headers,
          signal: AbortSignal.timeout(CHAT_TIMEOUT_MS),
        })
        .on('error', fail)
        .on('response', (res) => {
          reattach = { sentAt, answeredAt: monotonicMs() };
          read(res);
        });
    });
    const read = (res: http.IncomingMessage) => {
      encoding = res.headers['content-encoding'] ?? 'identity';
      if (res.statusCode !== 200) {
        res.resume();
        resolve(result(`HTTP ${res.statusCode}`));
        return;
      }
      res.setEncoding('utf8');
      let buffer = '';
      res.on('data', (chunk: string) => {
        const arrived = monotonicMs();
        buffer += chunk;
        for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
          const event = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = event
            .split('\n')
            .filter((line) => line.startsWith('data: '))
            .map((line) => line.slice(6))
            .join('\n');
          const error = data ? onData(data, arrived) : undefined;
          if (error) {
            res.destroy();
            resolve(result(error));
            return;
          }
        }
      });
      res.on('error', fail);
      res.on('end', () => {
        if (!finished) resolve(result('stream ended without a finish part'));
        else if (text !== answerOf(chat))
          resolve(result(`answer text differs (${arrivals.length / 2} tokens received)`));
        else resolve(result());
      });
    };
    request.end(body);
  });
}

/**
 * The loop monitor's timer period. The histogram records each whole period between its ticks,
 * so an idle loop reads about this much; the delay is what lies beyond it.
 */
const LOOP_RESOLUTION_MS = 5;

process.once('message', async (job: ClientsJob) => {
  const loop = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS });
  loop.enable();
  const cpuBefore = process.cpuUsage();
  const results = await Promise.all(job.chats.map((chat, i) => runChat(chat, job.firstChat + i)));
  const cpu = process.cpuUsage(cpuBefore);
  loop.disable();
  const report: ClientsReport = {
    results,
    loopP99Ms: loop.percentile(99) / 1e6 - LOOP_RESOLUTION_MS,
    cpuS: (cpu.user + cpu.system) / 1e6,
  };
  process.send?.(report, () => process.disconnect());
});
