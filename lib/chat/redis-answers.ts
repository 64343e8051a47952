/**
 * Answers in flight shared by every instance through Redis (FOLIO_REDIS_URL), with Redis's own
 * primitives:
 *
 * - `folio:chat:<chat>`: the chat's answer being written and the instance writing it, a key set
 *   only if absent (so a chat is busy on every instance at once) with an expiry that the writer
 *   renews while it writes: an instance that dies frees its chats when its lease runs out.
 * - `folio:answer:<answer>`: a stream of the answer's SSE bytes under sequence numbers (entry
 *   ids 0-1, 0-2, …), each entry the events written in one task (one chunk from the model),
 *   then an end entry. A reader on another instance replays it from the start.
 * - the channel of the same name carries each entry as it is added, so a reader follows live
 *   without polling; its sequence number lets the reader drop what the replay already gave it
 *   and notice a gap (then it reads the missing entries from the stream).
 * - the channel `folio:stop` carries stops; the instance writing that answer aborts it.
 *
 * Readers on the writing instance read its memory as without Redis, at the same speed. The
 * AI SDK's resumable-stream was the other candidate: its producer keeps every chunk in its own
 * memory and relays them over pub/sub to each late reader, so it costs the writer per reader,
 * keeps nothing a reader can read once the writer is gone, and stops through its own channel
 * only a stream it knows; a stream with sequence numbers gives replay, gaps and the end as
 * Redis data, in a hundred lines.
 */
import { type Redis, RedisUnavailable } from '@/lib/redis';
import {
  type ActiveAnswer,
  type AnswerRelay,
  type AnswersInFlight,
  type FollowedAnswer,
  LocalAnswers,
  sseDone,
} from './active-answers';

const chatKey = (chatId: string) => `folio:chat:${chatId}`;
/** The answer's stream, and its channel (channels and keys are apart in Redis). */
const answerKey = (answerId: string) => `folio:answer:${answerId}`;
const stopChannel = 'folio:stop';

/** How long an answer's stream is kept: while written (past any answer's length), and after. */
const writingKeepS = 3600;
const endedKeepS = 60;

/** Renews the chat's claim if it is still this answer's, or takes it back if Redis lost it. */
const renewScript = `
local v = redis.call('GET', KEYS[1])
if v == false then redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2]) return 1 end
if v == ARGV[1] then redis.call('PEXPIRE', KEYS[1], ARGV[2]) return 1 end
return 0`;
const releaseScript = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

/** A stream entry or channel message: its sequence number, and its bytes or the end. */
type Entry = { seq: number; bytes: string } | { seq: number; end: true; lost?: boolean };

function entryOf(id: string, fields: Record<string, string>): Entry {
  const seq = Number(id.split('-')[1]);
  return 'end' in fields
    ? { seq, end: true, lost: fields.end === 'lost' }
    : { seq, bytes: fields.e };
}

const lostTouch =
  'Folio lost touch with the instance writing this answer (Redis could not be reached, or the instance stopped). Reload the chat to see the answer as it was stored.';

const reason = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * The events of one answer on their way into Redis: those written in one task (the model's chunk
 * that caused them) gathered, then added as one entry and published. They are handed to the
 * client before the task ends, not in a later turn: node-redis sends what it is handed on the
 * loop's next check phase, so an entry handed over from a setImmediate waited a whole turn of a
 * busy loop more before it left. If Redis fails meanwhile the answer goes on here and is stored;
 * its readers elsewhere are told that they lost touch.
 */
class RelayedAnswer implements AnswerRelay {
  private seq = 0;
  private pending: Uint8Array[] = [];
  private scheduled = false;
  private broken = false;

  constructor(
    private readonly redis: Redis,
    private readonly answerId: string,
    private readonly release: () => Promise<unknown>,
  ) {}

  event(bytes: Uint8Array): void {
    this.pending.push(bytes);
    if (this.scheduled) return;
    this.scheduled = true;
    queueMicrotask(() => this.flush());
  }

  end(): void {
    this.flush();
    this.add({ end: this.broken ? 'lost' : 'done' });
    const key = answerKey(this.answerId);
    Promise.all([this.redis.expire(key, endedKeepS), this.release()]).catch((error) =>
      this.fail(error),
    );
  }

  private flush(): void {
    this.scheduled = false;
    if (this.pending.length === 0) return;
    const bytes = Buffer.concat(this.pending).toString();
    this.pending = [];
    if (this.broken) return;
    this.add({ e: bytes });
    // After the first entry: EXPIRE on a stream not yet made does nothing.
    if (this.seq === 1)
      this.redis.expire(answerKey(this.answerId), writingKeepS).catch((e: unknown) => this.fail(e));
  }

  private add(fields: { e: string } | { end: 'done' | 'lost' }): void {
    const seq = ++this.seq;
    const key = answerKey(this.answerId);
    // Sent together (node-redis pipelines what one turn sends): the entry, then its notice.
    this.redis.xAdd(key, `0-${seq}`, fields).catch((error: unknown) => this.fail(error));
    const message = 'e' in fields ? `${seq}\n${fields.e}` : `${seq}\n\0${fields.end}`;
    this.redis.publish(key, message).catch((error: unknown) => this.fail(error));
  }

  private fail(error: unknown): void {
    if (this.broken) return;
    this.broken = true;
    console.error(
      `Answer ${this.answerId} goes on in this instance only (Redis: ${reason(error)}); it is stored as usual.`,
    );
  }
}

/** A channel message as an entry. */
function messageEntry(message: string): Entry {
  const newline = message.indexOf('\n');
  const seq = Number(message.slice(0, newline));
  const body = message.slice(newline + 1);
  return body.startsWith('\0') ? { seq, end: true, lost: body === '\0lost' } : { seq, bytes: body };
}

export class RedisAnswers implements AnswersInFlight {
  readonly scope = 'all instances';
  private readonly local = new LocalAnswers();
  private readonly renewal: NodeJS.Timeout;

  /**
   * `redis` sends commands; `subscriber`, a connection of its own, receives the channels.
   * `leaseMs` is how long a chat stays claimed by an instance that stops renewing it.
   */
  private constructor(
    private readonly redis: Redis,
    private readonly subscriber: Redis,
    private readonly instanceId: string,
    private readonly leaseMs: number,
  ) {
    this.renewal = setInterval(() => this.renew(), Math.max(250, leaseMs / 3));
    this.renewal.unref();
  }

  static async open(redis: Redis, instanceId: string, leaseMs: number): Promise<RedisAnswers> {
    const subscriber = redis.duplicate();
    subscriber.on('error', () => undefined); // the command connection reports outages
    try {
      await subscriber.connect();
      const answers = new RedisAnswers(redis, subscriber, instanceId, leaseMs);
      await subscriber.subscribe(stopChannel, (message: string) => answers.stopHere(message));
      return answers;
    } catch (error) {
      subscriber.destroy();
      throw new RedisUnavailable(reason(error));
    }
  }

  async claim(chatId: string, answer: ActiveAnswer): Promise<boolean> {
    if (!this.local.claimNow(chatId, answer)) return false;
    const claim = this.claimOf(answer);
    let taken: boolean;
    try {
      taken =
        (await this.redis.set(chatKey(chatId), claim, {
          condition: 'NX',
          expiration: { type: 'PX', value: this.leaseMs },
        })) === 'OK';
    } catch (error) {
      this.local.release(chatId, answer);
      throw new RedisUnavailable(reason(error));
    }
    if (!taken) {
      this.local.release(chatId, answer);
      return false;
    }
    answer.relayTo(
      new RelayedAnswer(this.redis, answer.messageId, () =>
        this.redis.eval(releaseScript, { keys: [chatKey(chatId)], arguments: [claim] }),
      ),
    );
    return true;
  }

  async follow(chatId: string, answerId?: string): Promise<FollowedAnswer | undefined> {
    const here = await this.local.follow(chatId, answerId);
    if (here) return here;
    const writing = await this.writing(chatId);
    if (!writing || (answerId && writing.answerId !== answerId)) return undefined;
    return {
      messageId: writing.answerId,
      stream: await this.followElsewhere(chatId, writing.answerId),
    };
  }

  async stop(chatId: string): Promise<string | undefined> {
    const here = await this.local.stop(chatId);
    if (here) return here;
    const writing = await this.writing(chatId);
    if (!writing) return undefined;
    try {
      await this.redis.publish(stopChannel, `${chatId} ${writing.answerId}`);
      // Stored before its instance lets the chat go: wait for that, as a stop here waits.
      while ((await this.writing(chatId))?.answerId === writing.answerId) {
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    } catch (error) {
      throw error instanceof RedisUnavailable ? error : new RedisUnavailable(reason(error));
    }
    return writing.answerId;
  }

  writtenHere(): ActiveAnswer[] {
    return this.local.writtenHere();
  }

  close(): void {
    clearInterval(this.renewal);
    this.subscriber.destroy();
  }

  private claimOf(answer: ActiveAnswer): string {
    return `${answer.messageId} ${this.instanceId}`;
  }

  /** The chat's answer being written on any instance, and which. */
  private async writing(chatId: string): Promise<{ answerId: string } | undefined> {
    let claim: string | null;
    try {
      claim = await this.redis.get(chatKey(chatId));
    } catch (error) {
      throw new RedisUnavailable(reason(error));
    }
    return claim ? { answerId: claim.split(' ')[0] } : undefined;
  }

  /** A stop sent to every instance: this one acts if it writes that answer. */
  private stopHere(message: string): void {
    const [chatId, answerId] = message.split(' ');
    const answer = this.local.get(chatId);
    if (answer?.messageId === answerId) void answer.stop();
  }

  /** Keeps this instance's chats claimed while their answers are written. */
  private renew(): void {
    for (const [chatId, answer] of this.local.entries()) {
      this.redis
        .eval(renewScript, {
          keys: [chatKey(chatId)],
          arguments: [this.claimOf(answer), String(this.leaseMs)],
        })
        .catch(() => undefined); // unreachable: the command connection says so once
    }
  }

  /**
   * An answer written on another instance, as SSE bytes: subscribed first, then replayed, so
   * nothing falls between the two; what both give is dropped by its sequence number. While it
   * is live, the stream is looked at every lease third: missed entries are read, and a writer
   * gone (or Redis) ends it with a message saying so.
   */
  private async followElsewhere(
    chatId: string,
    answerId: string,
  ): Promise<ReadableStream<Uint8Array>> {
    const key = answerKey(answerId);
    let last = 0;
    let reader: ReadableStreamDefaultController<Uint8Array> | undefined;
    const early: Entry[] = [];
    let closed = false;
    let watch: NodeJS.Timeout | undefined;
    const finish = () => {
      closed = true;
      clearInterval(watch);
      this.subscriber.unsubscribe(key, onMessage).catch(() => undefined);
    };
    /**
     * Hands the reader the entries that follow what it has, in order, as one chunk: a replay of
     * hundreds of entries is one write to the reader's socket, not one each.
     */
    const take = (entries: readonly Entry[]) => {
      if (closed || !reader) return;
      let bytes = '';
      let end: Extract<Entry, { end: true }> | undefined;
      for (const entry of entries) {
        if (entry.seq <= last) continue;
        if (entry.seq > last + 1) {
          void catchUp();
          break;
        }
        last = entry.seq;
        if ('end' in entry) {
          end = entry;
          break;
        }
        bytes += entry.bytes;
      }
      try {
        if (bytes) reader.enqueue(Buffer.from(bytes));
        if (!end) return;
        reader.enqueue(end.lost ? Buffer.from(lostEvent) : sseDone);
        reader.close();
      } catch {
        // the reader went away
      }
      finish();
    };
    const read = async (from: number) =>
      ((await this.redis.xRange(key, `0-${from}`, '+')) ?? []).map((e) =>
        entryOf(e.id, e.message as Record<string, string>),
      );
    const catchUp = async () => {
      try {
        const missed = await read(last + 1);
        // Entries Redis no longer has (it restarted, or the writer could not add them).
        if (missed.length > 0 && missed[0].seq > last + 1) throw new Error('entries lost');
        take(missed);
        if (closed) return;
        const writing = await this.writing(chatId);
        if (missed.length === 0 && writing?.answerId !== answerId) throw new Error('writer gone');
      } catch {
        if (closed) return;
        try {
          reader?.enqueue(Buffer.from(lostEvent));
          reader?.close();
        } catch {
          // the reader went away
        }
        finish();
      }
    };
    function onMessage(message: string) {
      const entry = messageEntry(message);
      if (reader) take([entry]);
      else early.push(entry);
    }
    let replay: Entry[];
    try {
      await this.subscriber.subscribe(key, onMessage);
      replay = await read(1);
    } catch (error) {
      finish();
      throw new RedisUnavailable(reason(error));
    }
    return new ReadableStream({
      start: (controller) => {
        reader = controller;
        take([...replay, ...early]);
        if (closed) return;
        watch = setInterval(() => void catchUp(), Math.max(250, this.leaseMs / 3));
      },
      cancel: finish,
    });
  }
}

/** The error part a reader on another instance gets when it lost touch with the answer. */
const lostEvent = `data: ${JSON.stringify({ type: 'error', errorText: lostTouch })}\n\n`;
