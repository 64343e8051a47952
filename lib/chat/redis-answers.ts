/**
 * Answers in flight shared by every instance through Redis (FOLIO_REDIS_URL), with Redis's own
 * primitives:
 *
 * - `folio:chat:<chat>`: the chat's answer being written and the instance writing it, a key set
 *   only if absent (so a chat is busy on every instance at once) with an expiry that the writer
 *   renews while it writes: an instance that dies frees its chats when its lease runs out.
 * - `folio:answer:<answer>`: a stream of the answer's SSE bytes under sequence numbers (entry
 *   ids 0-1, 0-2, …), each entry the events written in one task (one chunk from the model),
 *   then an end entry. A reader on another instance replays it from the start, joined into one
 *   value by a script.
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
 * Redis data.
 */
import { createHash } from 'node:crypto';
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

/**
 * A script run by its SHA-1 (EVALSHA), so that each call carries its arguments only; Redis
 * compiles it on first use after a start (NOSCRIPT: sent once in full). node-redis's own
 * `scripts` option would type them into the client that lib/redis.ts makes for every module.
 */
class Script {
  private readonly sha: string;

  constructor(private readonly source: string) {
    this.sha = createHash('sha1').update(source).digest('hex');
  }

  /** Has Redis compile it now, rather than at the first of a crowd of calls. */
  async load(redis: Redis): Promise<void> {
    await redis.scriptLoad(this.source);
  }

  async run(redis: Redis, keys: string[], args: string[]): Promise<unknown> {
    try {
      return await redis.evalSha(this.sha, { keys, arguments: args });
    } catch (error) {
      if (!reason(error).startsWith('NOSCRIPT')) throw error;
      return redis.eval(this.source, { keys, arguments: args });
    }
  }
}

/**
 * The stream's entries from sequence number ARGV[1] on, as far as they follow each other, as one
 * string: node-redis decodes one value however many entries a reader re-attaches over. Returns
 * the first and last sequence numbers found (0 and 0 for none), the bytes, and 1 if the end is
 * among them.
 */
const replayScript = new Script(`
local entries = redis.call('XRANGE', KEYS[1], '0-' .. ARGV[1], '+')
local parts, first, last, ended = {}, 0, 0, 0
for i, entry in ipairs(entries) do
  local seq = tonumber(string.match(entry[1], '%d+$'))
  if i > 1 and seq ~= last + 1 then break end
  if i == 1 then first = seq end
  last = seq
  if entry[2][1] == 'end' then ended = 1 break end
  parts[#parts + 1] = entry[2][2]
end
return {first, last, table.concat(parts), ended}`);

/** An answer's entries first..last, in order: their bytes joined, and whether the end is last. */
interface Run {
  first: number;
  last: number;
  bytes: string;
  end: boolean;
}

/** An entry of the relay's that Redis has not yet confirmed added. */
type Unconfirmed = { seq: number; bytes: string } | { seq: number; end: true };

const lostTouch =
  'Folio lost touch with the instance writing this answer (Redis could not be reached, or the instance stopped). Reload the chat to see the answer as it was stored.';

const reason = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** How long the relay waits before bringing the stream up to date again, at most. */
const resendMaxDelayMs = 2000;

/**
 * Writes the answer's stream again as entries 1..ARGV[1] as they are (the relay confirmed them),
 * then the entries given (ARGV[3] on: sequence number, field, value, each), which Redis may or
 * may not have added, or may have added with a hole before them; sets its expiry to ARGV[2]
 * seconds. Returns 0 if the stream no longer has an entry the relay confirmed (Redis restarted
 * empty), else 1.
 */
const rewriteScript = new Script(`
local kept = redis.call('XRANGE', KEYS[1], '-', '0-' .. ARGV[1])
if #kept ~= tonumber(ARGV[1]) then return 0 end
redis.call('DEL', KEYS[1])
for _, entry in ipairs(kept) do redis.call('XADD', KEYS[1], entry[1], unpack(entry[2])) end
for i = 3, #ARGV, 3 do redis.call('XADD', KEYS[1], '0-' .. ARGV[i], ARGV[i + 1], ARGV[i + 2]) end
redis.call('EXPIRE', KEYS[1], ARGV[2])
return 1`);

/**
 * The events of one answer on their way into Redis: those written in one task (the model's chunk
 * that caused them) gathered, then added as one entry and published. They are handed to the
 * client before the task ends, not in a later turn: node-redis sends what it is handed on the
 * loop's next check phase, so an entry handed over from a setImmediate waited a whole turn of a
 * busy loop more before it left.
 *
 * A command that fails (node-redis gave up waiting to send it, the connection dropped, Redis
 * restarted) does not end the relay. It keeps each entry until Redis confirms it added, and after
 * a failure sends nothing new until, once Redis answers, it has written the stream again from
 * what it confirmed and what it keeps (a later entry may have been added where an earlier one
 * failed: the stream is rewritten rather than added to), and published what it keeps again
 * (readers drop what they have by its number). Readers elsewhere wait meanwhile, and get every
 * byte once, in order. The answer goes on here and is stored whatever Redis does. The relay gives
 * up only when Redis lost entries it had confirmed (it restarted empty), or when the chat's claim
 * has run out since the answer ended (readers elsewhere then say they lost touch).
 */
class RelayedAnswer implements AnswerRelay {
  private seq = 0;
  private pending: Uint8Array[] = [];
  private scheduled = false;
  /** Entries handed to Redis and not yet confirmed added, oldest first. */
  private unconfirmed: Unconfirmed[] = [];
  /** The last entry Redis confirmed added. */
  private confirmed = 0;
  /** Since a command failed, new entries wait until resend() has brought the stream up to date. */
  private resending = false;
  private resendDelayMs = 50;
  private endedAt?: number;
  /** Whether the chat's claim was let go (or that is on its way). */
  private released = false;
  private done = false;

  /** `release` lets the chat go. */
  constructor(
    private readonly redis: Redis,
    private readonly answerId: string,
    private readonly leaseMs: number,
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
    this.endedAt = performance.now();
    this.add({ seq: ++this.seq, end: true });
    if (this.resending || this.done) return;
    // Right behind the end, so that no one elsewhere finds the chat busy once the end is read.
    this.released = true;
    this.release().catch((error: unknown) => {
      this.released = false;
      this.fail(error);
    });
  }

  private flush(): void {
    this.scheduled = false;
    if (this.pending.length === 0) return;
    const bytes = Buffer.concat(this.pending).toString();
    this.pending = [];
    this.add({ seq: ++this.seq, bytes });
  }

  private add(entry: Unconfirmed): void {
    if (this.done) return;
    this.unconfirmed.push(entry);
    if (this.resending) return;
    const key = answerKey(this.answerId);
    const fields: Record<string, string> = 'end' in entry ? { end: 'done' } : { e: entry.bytes };
    // Sent together (node-redis pipelines what one turn sends): the entry, then its notice.
    this.redis.xAdd(key, `0-${entry.seq}`, fields).then(
      // Not past a hole: an entry added after one that failed is rewritten with the rest.
      () => entry.seq === this.confirmed + 1 && this.confirm(entry.seq),
      (error: unknown) => this.fail(error),
    );
    this.publish(entry).catch((error: unknown) => this.fail(error));
    // The stream's expiry: set after its first entry (EXPIRE on a stream not yet made does
    // nothing), and shortened at the end.
    if (entry.seq === 1 || 'end' in entry)
      this.redis.expire(key, this.keepS()).catch((error: unknown) => this.fail(error));
  }

  private publish(entry: Unconfirmed): Promise<unknown> {
    const body = 'end' in entry ? '\0' : entry.bytes;
    return this.redis.publish(answerKey(this.answerId), `${entry.seq}\n${body}`);
  }

  private keepS(): number {
    return this.endedAt === undefined ? writingKeepS : endedKeepS;
  }

  /** Redis has every entry up to `seq`, with no hole. */
  private confirm(seq: number): void {
    if (seq <= this.confirmed) return;
    this.confirmed = seq;
    while (this.unconfirmed.length > 0 && this.unconfirmed[0].seq <= seq) this.unconfirmed.shift();
    if (this.endedAt !== undefined && this.unconfirmed.length === 0) this.finish();
  }

  private fail(error: unknown): void {
    if (this.resending || this.done) return;
    this.resending = true;
    console.error(
      `Answer ${this.answerId}: Redis did not take its events (${reason(error)}); they are sent again once it does.`,
    );
    setTimeout(() => void this.resend(), this.resendDelayMs).unref();
  }

  /** Rewrites the stream from what the relay confirmed and keeps, until nothing waits. */
  private async resend(): Promise<void> {
    try {
      while (this.unconfirmed.length > 0 && !this.done) {
        const entries = [...this.unconfirmed];
        const args = entries.flatMap((e) =>
          'end' in e ? [String(e.seq), 'end', 'done'] : [String(e.seq), 'e', e.bytes],
        );
        const rewritten = await rewriteScript.run(
          this.redis,
          [answerKey(this.answerId)],
          [String(this.confirmed), String(this.keepS()), ...args],
        );
        if (rewritten === 0) return this.giveUp('Redis lost the entries it had');
        for (const entry of entries) this.publish(entry).catch(() => undefined); // or the watch
        this.confirm(entries[entries.length - 1].seq);
      }
      this.resending = false;
      this.resendDelayMs = 50;
      console.warn(`Answer ${this.answerId}: its events reach Redis again.`);
      if (this.done && !this.released) this.finish();
    } catch (error) {
      const since = this.endedAt === undefined ? 0 : performance.now() - this.endedAt;
      if (since > this.leaseMs) return this.giveUp(reason(error));
      this.resendDelayMs = Math.min(this.resendDelayMs * 2, resendMaxDelayMs);
      setTimeout(() => void this.resend(), this.resendDelayMs).unref();
    }
  }

  private giveUp(why: string): void {
    console.error(
      `Answer ${this.answerId} goes on in this instance only (Redis: ${why}); it is stored as usual.`,
    );
    this.finish();
  }

  /** Lets the chat go once the stream has the whole answer (or the relay gave up). */
  private finish(): void {
    this.done = true;
    this.unconfirmed = [];
    if (this.released) return;
    this.released = true;
    this.release().catch(() => undefined); // the claim expires by itself otherwise
  }
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
      await replayScript.load(redis);
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
      new RelayedAnswer(this.redis, answer.messageId, this.leaseMs, () =>
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
    const early: Run[] = [];
    let closed = false;
    let watch: NodeJS.Timeout | undefined;
    const finish = () => {
      closed = true;
      clearInterval(watch);
      this.subscriber.unsubscribe(key, onMessage).catch(() => undefined);
    };
    const end = (bytes: Uint8Array) => {
      try {
        reader?.enqueue(bytes);
        reader?.close();
      } catch {
        // the reader went away
      }
      finish();
    };
    /**
     * Hands the reader the runs that follow what it has, in order, as one chunk: a replay of
     * hundreds of entries is one write to the reader's socket, not one each. A run that begins
     * past what the reader has means entries were missed: they are read from the stream. One
     * that begins inside what it has is left to the messages that carry the rest (each entry is
     * published as it is added), or to the next look at the stream.
     */
    const take = (runs: readonly Run[]) => {
      if (closed || !reader) return;
      let bytes = '';
      let ended = false;
      for (const run of runs) {
        if (run.first <= last) continue;
        if (run.first > last + 1) {
          void catchUp();
          break;
        }
        last = run.last;
        bytes += run.bytes;
        if (run.end) {
          ended = true;
          break;
        }
      }
      if (bytes) {
        try {
          reader.enqueue(Buffer.from(bytes));
        } catch {
          return finish(); // the reader went away
        }
      }
      if (ended) end(sseDone);
    };
    const read = async (from: number): Promise<Run> => {
      const [first, to, bytes, ended] = (await replayScript.run(
        this.redis,
        [key],
        [String(from)],
      )) as [number, number, string, number];
      return { first, last: to, bytes, end: ended === 1 };
    };
    const catchUp = async () => {
      try {
        const missed = await read(last + 1);
        if (missed.first === last + 1) return take([missed]);
        // Nothing follows what the reader has, or a hole does (the writer fills it once Redis
        // takes its commands again): the writer must still be at it.
        const writing = await this.writing(chatId);
        if (writing?.answerId !== answerId) throw new Error('writer gone');
      } catch {
        if (!closed) end(Buffer.from(lostEvent));
      }
    };
    function onMessage(message: string) {
      const run = messageRun(message);
      if (reader) take([run]);
      else early.push(run);
    }
    let replay: Run;
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
        take(replay.first > 0 ? [replay, ...early] : early);
        if (closed) return;
        watch = setInterval(() => void catchUp(), Math.max(250, this.leaseMs / 3));
      },
      cancel: finish,
    });
  }
}

/** A channel message, one entry: its sequence number, then its bytes or `\0` for the end. */
function messageRun(message: string): Run {
  const newline = message.indexOf('\n');
  const seq = Number(message.slice(0, newline));
  const body = message.slice(newline + 1);
  const end = body === '\0';
  return { first: seq, last: seq, bytes: end ? '' : body, end };
}

/** The error part a reader on another instance gets when it lost touch with the answer. */
const lostEvent = `data: ${JSON.stringify({ type: 'error', errorText: lostTouch })}\n\n`;
