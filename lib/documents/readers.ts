/**
 * The threads that read documents, and the limits each reading is held to.
 *
 * A reader thread parses, chunks and indexes documents (ingest-worker.ts), so a 600-page PDF
 * never stalls the answers streaming on the main thread; it writes each outcome itself. Here
 * documents are handed to readers, and a reading is stopped, its thread ended and its document
 * failed with a reason, when it passes a limit of FOLIO_READER_*: memory (its heap is capped
 * by V8, and heap and buffers together are checked every quarter second, as buffers are not
 * part of the heap) or processor time (not the time on the clock: readers run only on cores
 * nothing else wants, and may wait long on a busy machine). The page limit is the parser's to
 * check. Deleting a document stops its reading too, on whichever instance reads it: a reader
 * finds out at its next progress write and is ended. Ending a thread frees all it held, so a
 * file that would take gigabytes takes at most its reader's share and nothing else down.
 */
import { Worker } from 'node:worker_threads';
import { storage } from '@/db';
import { getConfig, type ReaderLimits } from '@/lib/config';
import { instanceId } from '@/lib/instance';
import type { ReaderData, ReaderMessage } from './ingest-worker';
import { EngineSlot } from './ocr/engine-slot';

/** How many documents this instance reads at once, each on its own thread. */
const parallelReads = 2;
/**
 * How many times a document is taken to read before it fails: each time, the instance reading
 * it died (a reader that merely fails fails its document itself).
 */
const maxReadAttempts = 3;
const checkEveryMs = 250;
const mb = 1024 * 1024;

function overMemory(limits: ReaderLimits): string {
  return `Reading this file took more memory than Folio allows a reader (${limits.memoryMb} MB), so it was stopped. Split it into smaller files, or raise FOLIO_READER_MEMORY_MB.`;
}

function overTime(limits: ReaderLimits): string {
  const minutes = limits.cpuSeconds / 60;
  const time =
    minutes >= 1 ? `${Number(minutes.toFixed(1))} minutes` : `${limits.cpuSeconds} seconds`;
  return `Reading this file took more than ${time} of processor time, so it was stopped. Split it into smaller files, or raise FOLIO_READER_CPU_S.`;
}

const stoppedUnexpectedly = 'Folio could not read this file (its reader stopped unexpectedly).';

interface Reader {
  worker: Worker;
  /**
   * Resolves once the thread has loaded its code and opened storage: that start-up is the
   * reader's own, not charged to the first document it reads.
   */
  ready: Promise<void>;
  /** The document it is reading, and the processor time the thread had used before it. */
  reading?: { documentId: string; cpuBeforeUs?: number };
  /** Set once it is being ended: what its document fails with (nothing when it was deleted). */
  ending?: { failure?: string };
  exited: Promise<void>;
}

class Readers {
  /** Readers take turns at OCR through this slot (ocr/engine-slot.ts). */
  private readonly ocrSlot = new EngineSlot();
  private readonly pool: Reader[] = [];
  private watchdog: NodeJS.Timeout | undefined;
  /** Whether documents are being taken from the queue; `again` when asked meanwhile. */
  private taking?: { again: boolean };
  /** Set as the instance stops: no more documents are taken. */
  private stopping = false;

  /**
   * Takes documents from the queue in the database while a reader is free: ones just uploaded,
   * and ones whose instance died reading them. Called after an upload, when a reader is done,
   * when any instance queues a document, and with each renewal of this instance's lease.
   */
  wake() {
    if (this.stopping) return;
    if (this.taking) {
      this.taking.again = true;
      return;
    }
    this.taking = { again: false };
    this.take()
      .catch((error) => console.error('Could not take a document to read:', error))
      .finally(() => {
        const again = this.taking?.again;
        this.taking = undefined;
        if (again) this.wake();
      });
  }

  /** Stops reading a document, if this instance reads it; resolves once its reader has ended. */
  async stopReading(documentId: string) {
    const reader = this.pool.find((r) => r.reading?.documentId === documentId);
    if (reader) await this.end(reader);
  }

  /**
   * As the instance stops: takes no more documents, lets the readings under way go on until
   * `deadline` (a time in ms), then ends every reader and gives the documents still being read
   * back to the queue, for another instance to read.
   */
  async stop(deadline: number) {
    this.stopping = true;
    while (this.pool.some((r) => r.reading) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, checkEveryMs));
    }
    await Promise.all(this.pool.map((reader) => this.end(reader)));
    await storage().jobs.release(instanceId());
  }

  /**
   * Hands documents to idle readers, starting up to `parallelReads` of them. A reader stays
   * alive between documents, so pdf.js and friends load once, not per file.
   */
  private async take() {
    while (!this.stopping) {
      const idle = () => this.pool.find((r) => !r.reading && !r.ending);
      if (!idle() && this.pool.length >= parallelReads) break;
      const documentId = await storage().jobs.claim(instanceId(), maxReadAttempts);
      if (!documentId) break;
      const reader = idle() ?? this.start();
      const reading: Reader['reading'] = { documentId };
      reader.reading = reading;
      reader.ready
        .then(() => reader.worker.cpuUsage())
        .then(
          (used) => {
            reading.cpuBeforeUs = used.user + used.system;
          },
          () => {}, // the thread ended meanwhile
        );
      reader.worker.postMessage({ documentId });
      this.watch();
    }
  }

  private start(): Reader {
    const { memoryMb } = getConfig().readerLimits;
    // Uncapped, a reader's young generation grows while pdf.js allocates, and the server's peak
    // memory with it; capped, it reads as many pages a second (bench:ingest, bench/NOTES.md).
    const worker = new Worker(new URL('./ingest-worker.ts', import.meta.url), {
      name: 'doc-reader', // the thread's name in top -H and /proc
      resourceLimits: { maxYoungGenerationSizeMb: 16, maxOldGenerationSizeMb: memoryMb },
      workerData: {
        storage: getConfig().storage,
        ocrSlot: this.ocrSlot.memory,
      } satisfies ReaderData,
    });
    const { threadId } = worker;
    worker.unref();
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    let isReady = () => {};
    const ready = new Promise<void>((resolve) => {
      isReady = resolve;
    });
    const reader: Reader = { worker, ready, exited };
    this.pool.push(reader);
    worker.on('message', (message: ReaderMessage) => {
      if ('ready' in message) return isReady();
      if ('gone' in message) {
        if (reader.reading?.documentId === message.gone) void this.end(reader);
        return;
      }
      reader.reading = undefined;
      this.wake();
    });
    worker.on('error', (error) => {
      const outOfMemory = (error as { code?: string }).code === 'ERR_WORKER_OUT_OF_MEMORY';
      if (!outOfMemory) {
        console.error(
          `A document reader stopped while reading ${reader.reading?.documentId}:`,
          error,
        );
      }
      reader.ending ??= {
        failure: outOfMemory ? overMemory(getConfig().readerLimits) : stoppedUnexpectedly,
      };
    });
    worker.on('exit', () => {
      this.ocrSlot.release(threadId);
      this.pool.splice(this.pool.indexOf(reader), 1);
      const documentId = reader.reading?.documentId;
      // Ended on purpose, the reason is known (none when its document was deleted).
      const failure = reader.ending ? reader.ending.failure : stoppedUnexpectedly;
      if (documentId && failure) {
        storage()
          .jobs.fail(documentId, failure)
          .catch((error) => console.error(`Could not mark ${documentId} failed:`, error));
      }
      this.wake();
    });
    return reader;
  }

  /** Ends a reader's thread; its document, if any, fails with `failure`. */
  private end(reader: Reader, failure?: string): Promise<void> {
    if (!reader.ending) {
      reader.ending = { failure };
      void reader.worker.terminate();
    }
    return reader.exited;
  }

  /** Checks the busy readers against their limits while any reader is busy. */
  private watch() {
    const busy = this.pool.some((r) => r.reading && !r.ending);
    if (busy && !this.watchdog) {
      this.watchdog = setInterval(() => this.checkLimits(), checkEveryMs);
      this.watchdog.unref();
    } else if (!busy && this.watchdog) {
      clearInterval(this.watchdog);
      this.watchdog = undefined;
    }
  }

  private async checkLimits() {
    await Promise.all(this.pool.map((reader) => this.checkLimitsOf(reader)));
    this.watch();
  }

  private async checkLimitsOf(reader: Reader) {
    const { reading } = reader;
    if (!reading || reader.ending) return;
    const limits = getConfig().readerLimits;
    const measured = await Promise.all([
      reader.worker.getHeapStatistics(),
      reader.worker.cpuUsage(),
    ]).catch(() => undefined); // the thread ended meanwhile
    if (!measured || reader.reading !== reading || reader.ending) return;
    const [heap, cpu] = measured;
    const { cpuBeforeUs } = reading; // unknown until the reader is ready
    if (heap.used_heap_size + heap.external_memory > limits.memoryMb * mb) {
      await this.end(reader, overMemory(limits));
    } else if (
      cpuBeforeUs !== undefined &&
      cpu.user + cpu.system - cpuBeforeUs > limits.cpuSeconds * 1e6
    ) {
      await this.end(reader, overTime(limits));
    }
  }
}

// One per process, kept on globalThis: the server's bundles (instrumentation, which wakes the
// readers with each lease renewal and stops them at shutdown, and the routes, which queue and
// delete documents) each hold a copy of this module, and must share its readers.
const holder = globalThis as typeof globalThis & { folioReaders?: Readers };
holder.folioReaders ??= new Readers();
export const readers: Readers = holder.folioReaders;
