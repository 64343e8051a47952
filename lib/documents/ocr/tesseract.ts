import { type Worker as Thread, threadId } from 'node:worker_threads';
import { createWorker, OEM, PSM, type Worker } from 'tesseract.js';
import type { GrayImage, PageRecognizer, RecognizedLine } from '../types';
import type { EngineSlot } from './engine-slot';
import { ocrDpi, toPgm } from './gray-image';
import { withLanguageFolder } from './languages';
import { type OcrBlock, recognizedLines } from './recognized-text';

interface Engine {
  worker: Worker;
  /** Rejects when the engine's thread ends unasked (out of memory, say). */
  died: Promise<never>;
}

/**
 * Tesseract (tesseract.js: the C++ engine compiled to WebAssembly) on a thread of its own,
 * started on the first page that needs it. The thread is made by the thread that calls this,
 * so a document reader's lowest priority (SCHED_IDLE on Linux) is its priority too. One page
 * at a time: its memory is the engine's plus one page's picture, whatever the document's size.
 * Given the server's engine slot, it waits for it before it starts, so the server runs one
 * engine at most. `close` ends the thread, frees all of it, and frees the slot.
 *
 * Chosen over Debian's tesseract command, which reads as accurately and somewhat faster on one
 * thread (bench:ocr puts them side by side): that one must be installed by hand, where this is
 * in node_modules after `npm install`, reads the same everywhere, runs inside the reader's
 * priority and ends with it.
 */
export class TesseractRecognizer implements PageRecognizer {
  private engine: Promise<Engine> | null = null;

  constructor(
    private readonly languages: readonly string[],
    private readonly slot?: EngineSlot,
  ) {}

  async recognize(image: GrayImage): Promise<RecognizedLine[]> {
    this.engine ??= this.start();
    const { worker, died } = await this.engine;
    const job = (async () => {
      await worker.setParameters({ user_defined_dpi: String(Math.round(image.dpi ?? ocrDpi)) });
      return worker.recognize(toPgm(image), {}, { text: false, blocks: true });
    })();
    const { data } = await Promise.race([job, died]);
    return recognizedLines((data.blocks ?? []) as OcrBlock[], image.width, image.height);
  }

  async close(): Promise<void> {
    const engine = this.engine;
    this.engine = null;
    const started = await engine?.catch(() => null);
    await started?.worker.terminate();
    if (engine) this.slot?.release(threadId);
  }

  private async start(): Promise<Engine> {
    await this.slot?.acquire(threadId);
    // The engine reads the languages' data while it starts; the folder may go once it has.
    const worker = await withLanguageFolder(this.languages, (langPath) =>
      createWorker([...this.languages], OEM.LSTM_ONLY, {
        // A local folder: nothing is fetched, and nothing is cached beside the app.
        langPath,
        cacheMethod: 'none',
        // Without a handler, tesseract.js throws a failed job's error where nothing catches
        // it; the job's own promise still rejects with it.
        errorHandler: () => {},
      }),
    );
    // Whole pages: find the columns and blocks, rather than read the picture as one block.
    await worker.setParameters({ tessedit_pageseg_mode: PSM.AUTO });
    const thread = (worker as Worker & { worker: Thread }).worker;
    const died = new Promise<never>((_, reject) =>
      thread.once('exit', (code) =>
        reject(new Error(`The OCR engine stopped unexpectedly (exit code ${code}).`)),
      ),
    );
    // Observed by each page's race; a death between pages is not an error of its own.
    died.catch(() => {});
    return { worker, died };
  }
}
