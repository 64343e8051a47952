/**
 * The two ways bench:answers-transport carries an answer between instances, each behind the same
 * two sides: a writer, where ActiveAnswer (the app's own) writes the answer and its relay sends
 * every event on, and a reader, another instance that re-attaches to an answer by its id.
 *
 * - `folio`: the app's transport, lib/chat/redis-answers.ts as start-up opens it.
 * - `resumable-stream`: the AI SDK's package as its README and the apps built on the AI SDK use
 *   it: where the answer is written, a copy of its SSE text handed to createNewResumableStream
 *   (what createUIMessageStreamResponse's consumeSseStream does); wherever it is read,
 *   resumeExistingStream. Through `resumable-stream/generic`, with node-redis clients made as
 *   the app makes its own (the package's default entry needs the `redis` package). The stream
 *   createNewResumableStream returns is not read by anyone (the asker reads the ActiveAnswer,
 *   as in the app), so it is cancelled rather than left to buffer the answer.
 */
import {
  createResumableStreamContext,
  type ResumableStreamContext,
} from 'resumable-stream/generic';
import { ActiveAnswer, type AnswerRelay, sseDone } from '@/lib/chat/active-answers';
import { RedisAnswers } from '@/lib/chat/redis-answers';
import { connectRedis } from '@/lib/redis';

export const TRANSPORTS = ['folio', 'resumable-stream'] as const;
export type TransportName = (typeof TRANSPORTS)[number];

/** The app's default instance lease (FOLIO_INSTANCE_LEASE_S). */
const LEASE_MS = 15_000;

/** Where answers are written: each one's ActiveAnswer, relayed from its first event. */
export interface AnswerWriter {
  start(answerId: string): Promise<ActiveAnswer>;
  close(): void;
}

/** Another instance: an answer's SSE events from its start, then live, then the end. */
export interface AnswerReader {
  follow(answerId: string): Promise<ReadableStream<Uint8Array | string>>;
  close(): void;
}

export async function openWriter(name: TransportName, url: string): Promise<AnswerWriter> {
  if (name === 'folio') {
    const { answers, close } = await openFolio(url, 'writer');
    return {
      async start(answerId) {
        const answer = new ActiveAnswer(answerId);
        // Chat and answer share the id: one answer per chat here.
        if (!(await answers.claim(answerId, answer))) throw new Error(`${answerId} is taken`);
        return answer;
      },
      close,
    };
  }
  const { context, close } = await openResumable(url);
  return {
    async start(answerId) {
      const answer = new ActiveAnswer(answerId);
      const relay = new ResumableRelay();
      answer.relayTo(relay);
      const copy = await context.createNewResumableStream(answerId, () => relay.events);
      await copy?.cancel();
      return answer;
    },
    close,
  };
}

export async function openReader(name: TransportName, url: string): Promise<AnswerReader> {
  if (name === 'folio') {
    const { answers, close } = await openFolio(url, 'reader');
    return {
      async follow(answerId) {
        const followed = await answers.follow(answerId);
        if (!followed) throw new Error(`${answerId} is not being written`);
        return followed.stream;
      },
      close,
    };
  }
  const { context, close } = await openResumable(url);
  return {
    async follow(answerId) {
      const stream = await context.resumeExistingStream(answerId);
      if (!stream) throw new Error(`${answerId} is not being written (${stream})`);
      return stream;
    },
    close,
  };
}

async function openFolio(url: string, instanceId: string) {
  const redis = await connectRedis(url);
  const answers = await RedisAnswers.open(redis, instanceId, LEASE_MS);
  return {
    answers,
    close: () => {
      answers.close();
      redis.destroy();
    },
  };
}

/**
 * A context with a publisher and a subscriber of its own, node-redis clients as the package takes
 * them (its README's way), made as the app makes its connection.
 */
async function openResumable(url: string) {
  const [publisher, subscriber] = [await connectRedis(url), await connectRedis(url)];
  const context: ResumableStreamContext = createResumableStreamContext({
    waitUntil: null,
    publisher,
    subscriber,
  });
  return {
    context,
    close: () => {
      publisher.destroy();
      subscriber.destroy();
    },
  };
}

/** An answer's events as the stream of strings resumable-stream relays. */
class ResumableRelay implements AnswerRelay {
  private controller!: ReadableStreamDefaultController<string>;
  readonly events = new ReadableStream<string>({
    start: (controller) => {
      this.controller = controller;
    },
  });

  event(bytes: Uint8Array): void {
    this.controller.enqueue(
      Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString(),
    );
  }

  end(): void {
    this.controller.enqueue(sseDone.toString());
    this.controller.close();
  }
}
