/**
 * npm run bench:ocr — OCR through the real server, measured against text that is known. Image-only
 * PDFs are made from pages of shared text PDFs (each page drawn at 200 dpi by pdf.js and kept as
 * one picture, as a scanner makes it) and read by a Folio server; the same originals are read by
 * another Folio server from their text layer (pdf.js), the baseline. Printed per
 * document: word error rate of the recognised text against the text layer (target at most 3% on
 * single-column pages), pages per second for both; per server: the event-loop delay p99 of its
 * main thread while it read (target under 50 ms) and its peak resident memory.
 *
 * Then the engines side by side on the same pictures, drawn at 300 dpi as Folio draws a page it
 * recognises: tesseract.js (WebAssembly, what Folio uses) and, where Debian's tesseract-ocr is
 * installed, its command-line tesseract on one thread, with the same model and with Debian's.
 *
 * The pages are prose (chapters of the children's book, the body of the cancer guide, the
 * papers' first pages); a contents page's leader dots and a brochure's cover are another matter,
 * which BENCH_OCR_FIRST_PAGE=1 (every document from its first page) shows. BENCH_OCR_PAGES sets
 * how many pages of each document (default 5). Needs a production build.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { toPgm } from '../lib/documents/ocr/gray-image';
import { languageDataPath } from '../lib/documents/ocr/languages';
import { lineText } from '../lib/documents/ocr/recognized-text';
import { TesseractRecognizer } from '../lib/documents/ocr/tesseract';
import type { GrayImage } from '../lib/documents/types';
import { drawPdfPages, scannedCopy } from '../tests/support/scan';
import { type FolioServer, startFolio } from '../tests/support/server';
import { json, loadAverage } from './lib/server-run';
import { unorderedErrorRate, wordCount, wordErrorRate } from './lib/wer';

const root = path.resolve(import.meta.dirname, '..');
const pdfDir = path.resolve(root, '../shared/data/pdfs');
if (!fs.existsSync(pdfDir)) {
  console.log(`bench:ocr needs ${pdfDir} (the shared data beside the repo); it is not there.`);
  process.exit(0);
}
const PAGES = Number(process.env.BENCH_OCR_PAGES ?? 5);
const FROM_FIRST_PAGE = process.env.BENCH_OCR_FIRST_PAGE === '1';
const WER_TARGET = 0.03;
const LOOP_TARGET_MS = 50;

const documents = [
  { file: 'text_pdfjs_pdkids_55p.pdf', layout: 'single column', first: 3 },
  {
    file: 'malformed_unstructured_failure-after-repair_76p.pdf',
    layout: 'single column',
    first: 10,
  },
  { file: 'text_pdfjs_tracemonkey_14p.pdf', layout: 'two columns', first: 1 },
  { file: 'text_unstructured_dpr-paper-multicolumn_13p.pdf', layout: 'two columns', first: 1 },
].map((doc) => ({
  ...doc,
  pages: { first: FROM_FIRST_PAGE ? 1 : doc.first, count: PAGES },
  bytes: new Uint8Array(fs.readFileSync(path.join(pdfDir, doc.file))),
}));

console.log(
  `bench:ocr — ${PAGES} pages of each of ${documents.length} shared text PDFs, ${os.cpus().length} cores, load ${loadAverage()}\n`,
);

const scans = await Promise.all(documents.map((doc) => scannedCopy(doc.bytes, 200, doc.pages)));

/** A server that reports its main thread's event-loop delay (bench/lib/loop-monitor.mjs). */
async function monitoredServer(): Promise<FolioServer & { loopDelay(): Promise<Loop> }> {
  const report = path.join(os.tmpdir(), `folio-loop-${process.pid}-${Date.now()}.json`);
  const folio = await startFolio({
    env: {
      FOLIO_LOOP_REPORT: report,
      NODE_OPTIONS: `--import ${path.join(root, 'bench/lib/loop-monitor.mjs')}`,
    },
  });
  return Object.assign(folio, {
    async loopDelay(): Promise<Loop> {
      fs.rmSync(report, { force: true });
      folio.process.kill('SIGUSR2');
      for (let i = 0; i < 100 && !fs.existsSync(report); i++) {
        await new Promise((r) => setTimeout(r, 20));
      }
      return JSON.parse(fs.readFileSync(report, 'utf8'));
    },
  });
}

interface Loop {
  p50: number;
  p99: number;
  max: number;
}

interface Reading {
  pages: number;
  seconds: number;
  /** The text of each page read, as GET /api/documents/:id/text places it. */
  pageTexts: string[];
}

/** Uploads one file and waits until it is read; its pages' texts and how long it took. */
async function read(folio: FolioServer, name: string, bytes: Uint8Array): Promise<Reading> {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(bytes)]), name);
  const began = performance.now();
  const [{ id }] = (
    await json<{ documents: Array<{ id: string }> }>(
      await fetch(`${folio.url}/api/documents`, { method: 'POST', body: form }),
    )
  ).documents;
  let doc: { status: string; pages: number; error?: string };
  for (;;) {
    doc = await json(await fetch(`${folio.url}/api/documents/${id}`));
    if (doc.status !== 'processing') break;
    await new Promise((r) => setTimeout(r, 50));
  }
  const seconds = (performance.now() - began) / 1000;
  if (doc.status !== 'ready') throw new Error(`${name} did not become ready: ${doc.error}`);
  const { text, pages } = await json<{
    text: string;
    pages: Array<{ charStart: number; charEnd: number }>;
  }>(await fetch(`${folio.url}/api/documents/${id}/text`));
  return {
    pages: doc.pages,
    seconds,
    pageTexts: pages.map((page) => text.slice(page.charStart, page.charEnd)),
  };
}

function peakResidentMb(folio: FolioServer): number {
  const status = fs.readFileSync(`/proc/${folio.process.pid}/status`, 'utf8');
  return Math.round(Number(/VmHWM:\s+(\d+) kB/.exec(status)![1]) / 1024);
}

/** Reads every document on a fresh server: each one's reading, the loop delay and the peak memory. */
async function readAll(
  files: Array<{ name: string; bytes: Uint8Array }>,
): Promise<{ readings: Reading[]; loop: Loop; peakMb: number }> {
  const folio = await monitoredServer();
  try {
    await folio.loopDelay();
    const readings: Reading[] = [];
    for (const file of files) readings.push(await read(folio, file.name, file.bytes));
    return { readings, loop: await folio.loopDelay(), peakMb: peakResidentMb(folio) };
  } finally {
    await folio.stop();
    fs.rmSync(folio.dataDir, { recursive: true, force: true });
  }
}

/** An error rate over pages, each weighed by its reference's words. */
function overPages(
  rate: (reference: string, hypothesis: string) => number,
  references: string[],
  hypotheses: string[],
): number {
  let errors = 0;
  let words = 0;
  references.forEach((reference, i) => {
    const n = wordCount(reference);
    errors += rate(reference, hypotheses[i] ?? '') * n;
    words += n;
  });
  return words ? errors / words : 0;
}
const pagesWer = (references: string[], hypotheses: string[]) =>
  overPages(wordErrorRate, references, hypotheses);

const baseline = await readAll(documents.map((doc) => ({ name: doc.file, bytes: doc.bytes })));
const ocr = await readAll(
  documents.map((doc, i) => ({ name: `scan-${doc.file}`, bytes: scans[i] })),
);

const pad = (v: string | number, n: number) => String(v).padStart(n);
const percent = (v: number) => `${(v * 100).toFixed(2)}%`;
console.log(
  `${'document'.padEnd(54)}${'layout'.padEnd(15)}${pad('pages', 8)}${pad('WER', 8)}${pad('any order', 11)}${pad('OCR pages/s', 13)}${pad('pdf.js pages/s', 16)}`,
);
/** The text layer's pages that were drawn into the scan. */
const references = (i: number) => {
  const { first, count } = documents[i].pages;
  return baseline.readings[i].pageTexts.slice(first - 1, first - 1 + count);
};
for (const [i, doc] of documents.entries()) {
  const read = ocr.readings[i];
  const wer = pagesWer(references(i), read.pageTexts);
  const unordered = overPages(unorderedErrorRate, references(i), read.pageTexts);
  const target = doc.layout === 'single column' ? (wer <= WER_TARGET ? ' met' : ' MISSED') : '';
  console.log(
    `${doc.file.padEnd(54)}${doc.layout.padEnd(15)}${pad(`${doc.pages.first}-${doc.pages.first + read.pages - 1}`, 8)}${pad(percent(wer), 8)}${pad(percent(unordered), 11)}${pad((read.pages / read.seconds).toFixed(2), 13)}${pad((baseline.readings[i].pages / baseline.readings[i].seconds).toFixed(1), 16)}${target}`,
  );
}
console.log(
  `(WER target: at most ${percent(WER_TARGET)} on single-column pages. "any order" counts the words misread whatever their order: where it is well below the WER, the text layer's reading order and the page's differ.)\n`,
);
for (const [label, run] of [
  ['pdf.js on the original text PDFs', baseline],
  ['OCR on the image-only copies', ocr],
] as const) {
  console.log(
    `${label}: event-loop delay p99 ${run.loop.p99} ms (p50 ${run.loop.p50}, max ${run.loop.max}; target under ${LOOP_TARGET_MS} ms: ${run.loop.p99 < LOOP_TARGET_MS ? 'met' : 'MISSED'}), peak resident memory ${run.peakMb} MB`,
  );
}

// The engines, on the single-column pages drawn as Folio draws a page it recognises.
const singleColumn = documents.flatMap((doc, i) => (doc.layout === 'single column' ? [i] : []));
const enginePages = Math.min(PAGES, 3);
const pictures: Array<{ picture: GrayImage; reference: string }> = [];
for (const i of singleColumn) {
  const range = { first: documents[i].pages.first, count: enginePages };
  const drawn = await drawPdfPages(documents[i].bytes, 300, range);
  for (const [n, picture] of drawn.entries())
    pictures.push({ picture, reference: references(i)[n] });
}
console.log(
  `\nEngines on the same ${pictures.length} single-column pages at 300 dpi (load ${loadAverage()}):`,
);

async function engine(label: string, recognize: (picture: GrayImage) => Promise<string>) {
  const texts: string[] = [];
  const began = performance.now();
  for (const { picture } of pictures) texts.push(await recognize(picture));
  const seconds = (performance.now() - began) / 1000;
  const wer = pagesWer(
    pictures.map((p) => p.reference),
    texts,
  );
  console.log(
    `  ${label.padEnd(64)} ${pad((seconds / pictures.length).toFixed(2), 6)} s/page   WER ${percent(wer)}`,
  );
}

const recognizer = new TesseractRecognizer(['eng']);
try {
  // Started outside the timing, as the server keeps it for the whole document.
  await recognizer.recognize(pictures[0].picture);
  await engine(
    'tesseract.js 7, eng 4.0.0_best_int (npm), WebAssembly',
    async (picture) => lineText(await recognizer.recognize(picture)).text,
  );
} finally {
  await recognizer.close();
}

const cli = (() => {
  try {
    return execFileSync('tesseract', ['--version'], { encoding: 'utf8' }).split('\n')[0];
  } catch {
    return null;
  }
})();
if (!cli) {
  console.log('  Debian tesseract: not installed here (apt-get install tesseract-ocr to compare)');
} else {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'folio-engines-'));
  try {
    const bestInt = path.join(scratch, 'best_int');
    fs.mkdirSync(bestInt);
    fs.writeFileSync(
      path.join(bestInt, 'eng.traineddata'),
      gunzipSync(fs.readFileSync(languageDataPath('eng')!)),
    );
    const native = (tessdata: string[]) => async (picture: GrayImage) => {
      const file = path.join(scratch, 'page.pgm');
      fs.writeFileSync(file, toPgm(picture));
      return execFileSync(
        'tesseract',
        [file, '-', ...tessdata, '--oem', '1', '--psm', '3', '--dpi', '300', '-l', 'eng'],
        {
          encoding: 'utf8',
          env: { ...process.env, OMP_THREAD_LIMIT: '1' },
          stdio: ['ignore', 'pipe', 'ignore'],
        },
      );
    };
    await engine(
      `${cli}, same eng 4.0.0_best_int, one thread`,
      native(['--tessdata-dir', bestInt]),
    );
    await engine(`${cli}, Debian's eng data, one thread`, native([]));
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}
