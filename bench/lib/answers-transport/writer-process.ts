/**
 * bench:answers-transport's writing instance, a process of its own so that its CPU time is the
 * writer's alone. Writes bench:load's workload (300 tokens an answer, one a chunk, 20 ms apart)
 * through the app's ActiveAnswer and AnswerStream, each answer read where it is written as the
 * asking request reads it, and relayed by the transport it was forked for.
 *
 * Told `start`, it starts every answer and says `started`; told `go`, it writes them, the
 * answers' first tokens spread over one token's interval, says when it began and, once every
 * answer has ended, `done`; told `report`, it sends when each token was written (the machine's
 * monotonic clock), its CPU seconds and its event-loop delay since `start`, and exits.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { AnswerStream } from '@/lib/chat/answer-stream';
import { CHATS, monotonicMs, TOKEN_DELAY_MS, TOKENS, token } from '../load/workload';
import { measureProcess, type ProcessWork } from './process-work';
import { openWriter, type TransportName } from './transports';

export interface WriterJob {
  transport: TransportName;
  redisUrl: string;
  /** Prefix of this run's answer ids: answer i is `${run}-${i}`. */
  run: string;
}

export interface WriterReport extends ProcessWork {
  /** For each answer, when each token was written. */
  written: number[][];
}

const send = (message: unknown) => process.send?.(message);
const job = await new Promise<WriterJob>((resolve) => process.once('message', resolve));
const writer = await openWriter(job.transport, job.redisUrl);
const written = Array.from({ length: CHATS }, () => new Array<number>(TOKENS).fill(Number.NaN));
let measured: () => ProcessWork;
let answers: { stream: AnswerStream; end: () => void }[] = [];

async function write(chat: number, offsetMs: number) {
  const { stream, end } = answers[chat];
  await sleep(offsetMs);
  for (let seq = 0; seq < TOKENS; seq++) {
    if (seq > 0) await sleep(TOKEN_DELAY_MS);
    written[chat][seq] = monotonicMs();
    stream.text((seq === 0 ? '' : ' ') + token(chat, seq));
  }
  stream.finish({ status: 'complete' });
  end();
}

process.on('message', async (message) => {
  if (message === 'start') {
    measured = measureProcess();
    answers = await Promise.all(
      Array.from({ length: CHATS }, async (_, chat) => {
        const answer = await writer.start(`${job.run}-${chat}`);
        // The asking request, reading where the answer is written.
        void answer.stream().pipeTo(new WritableStream());
        const stream = new AnswerStream((chunk) => answer.write(chunk), answer.messageId);
        return { stream, end: () => answer.end() };
      }),
    );
    send('started');
  }
  if (message === 'go') {
    send({ began: monotonicMs() });
    await Promise.all(answers.map((_, chat) => write(chat, (chat * TOKEN_DELAY_MS) / CHATS)));
    send('done');
  }
  if (message === 'report') {
    const report: WriterReport = { written, ...measured() };
    writer.close();
    process.send?.(report, () => process.disconnect());
  }
});
send('ready');
