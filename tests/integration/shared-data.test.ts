/**
 * Every real document in ../shared/data uploaded through the server: each ends ready with
 * plausible pages and passages, and pages counted by how they were read, or failed with the
 * specific reason, while the server keeps answering. Scans and the pages whose fonts give no
 * letters are read by OCR. Skipped, with the reason printed, where the shared data is not
 * beside the clone.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FolioServer, startFolio } from '../support/server';

const dataDir = path.resolve(import.meta.dirname, '../../../shared/data');
const available = fs.existsSync(dataDir);
if (!available) console.log(`Skipping the shared-data test: ${dataDir} is not there.`);

/** How many pages were read from the file's text, by OCR, were blank, or could not be read. */
interface Readings {
  pagesFromText?: number;
  pagesOcr?: number;
  pagesBlank?: number;
  pagesUnreadable?: number;
}

type Expected = { pages: number; minChunks?: number; read?: Readings } | { error: RegExp };

const encrypted = /password/i;
const corrupt = /damaged|corrupt|cannot be read|could not be read/i;

const expected: Record<string, Expected> = {
  'pdfs/corrupt_DERIVED_tracemonkey_truncated_at_50pct.pdf': { error: corrupt },
  // pdf.js opens it, but its only page draws nothing.
  'pdfs/corrupt_pdfjs_PDFBOX-3148-2-fuzzed.pdf': { error: /no text to search.*pages are blank/i },
  'pdfs/corrupt_pdfjs_Pages-tree-refs_cyclic.pdf': {
    pages: 2,
    read: { pagesFromText: 1, pagesUnreadable: 1 },
  },
  'pdfs/corrupt_pdfjs_poppler-90-0-fuzzed_16p.pdf': {
    pages: 16,
    read: { pagesFromText: 4, pagesBlank: 9, pagesUnreadable: 3 },
  },
  // Page 3 says "This page is intentionally left blank" in glyphs pdf.js gives no letters for.
  'pdfs/edge_unstructured_layout-parser-with-empty-pages_4p.pdf': {
    pages: 4,
    minChunks: 3,
    read: { pagesFromText: 2, pagesOcr: 1, pagesBlank: 1 },
  },
  'pdfs/encrypted_pypdf-samples_libreoffice-writer-password_PW-openpassword.pdf': {
    error: encrypted,
  },
  'pdfs/encrypted_unstructured_password_PW-password.pdf': { error: encrypted },
  'pdfs/encrypted_unstructured_copy-protected_emptyuserpw.pdf': { pages: 2 },
  'pdfs/large_unstructured_DA-619p.pdf': { pages: 619, minChunks: 2000 },
  'pdfs/malformed_unstructured_failure-after-repair_76p.pdf': { pages: 76, minChunks: 50 },
  'pdfs/scanned_pdfjs_issue7229_2p_notext.pdf': { pages: 2, read: { pagesOcr: 2 } },
  'pdfs/scanned_unstructured_loremipsum-flat_1p_notext.pdf': { pages: 1, read: { pagesOcr: 1 } },
  // A scan that carries someone else's (noisy) OCR text: that text is kept.
  'pdfs/scanned_unstructured_pdf-with-ocr-text_1p.pdf': { pages: 1 },
  // The fonts of pages 2-22 give pdf.js glyph codes, not letters.
  'pdfs/text_pdfjs_TAMReview_23p.pdf': {
    pages: 23,
    minChunks: 40,
    read: { pagesFromText: 2, pagesOcr: 21 },
  },
  'pdfs/text_pdfjs_pdkids_55p.pdf': { pages: 55, minChunks: 40 },
  'pdfs/text_pdfjs_tracemonkey_14p.pdf': { pages: 14, minChunks: 40 },
  'pdfs/text_pdfplumber_federal-register-2020-17221_15p.pdf': { pages: 15, minChunks: 60 },
  'pdfs/text_pypdf-samples_GeoTopo_117p_de.pdf': { pages: 117, minChunks: 150 },
  'pdfs/text_unstructured_dpr-paper-multicolumn_13p.pdf': { pages: 13, minChunks: 40 },
  'docx/mammoth_empty.docx': { error: /no text/i },
  'docx/unstructured_handbook-872p.docx': { pages: 1, minChunks: 800 },
};

function filesUnder(folder: string): string[] {
  return fs
    .readdirSync(path.join(dataDir, folder))
    .filter((name) => !name.startsWith('.'))
    .map((name) => `${folder}/${name}`);
}

describe.skipIf(!available)('every shared document, uploaded through the server', () => {
  let folio: FolioServer;
  beforeAll(async () => {
    folio = await startFolio({ env: { FOLIO_MAX_UPLOAD_MB: '10' } });
  });
  afterAll(async () => {
    await folio?.stop();
  });

  it('ends ready or failed with its reason, and the server answers throughout', async () => {
    const files = ['pdfs', 'docx', 'html', 'markdown'].flatMap(filesUnder);
    const form = new FormData();
    for (const file of files) {
      form.append(
        'file',
        new Blob([fs.readFileSync(path.join(dataDir, file))]),
        path.basename(file),
      );
    }
    const upload = await fetch(`${folio.url}/api/documents`, { method: 'POST', body: form });
    expect(upload.status).toBe(201);
    const { documents } = (await upload.json()) as {
      documents: Array<{ id: string; name: string }>;
    };
    expect(documents).toHaveLength(files.length);

    // While they are read, the server keeps answering quickly.
    let slowestHealthMs = 0;
    let settled: Array<Record<string, unknown>> = [];
    // Some 25 pages are read by OCR, a few seconds each on a quiet machine.
    const deadline = Date.now() + 840_000;
    while (Date.now() < deadline) {
      const began = Date.now();
      expect((await fetch(`${folio.url}/api/health`)).ok).toBe(true);
      slowestHealthMs = Math.max(slowestHealthMs, Date.now() - began);
      settled = (
        (await (await fetch(`${folio.url}/api/documents`)).json()) as { documents: typeof settled }
      ).documents;
      if (settled.every((d) => d.status !== 'processing')) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    // Soft, so that what each document became is checked as well when this fails.
    expect.soft(slowestHealthMs).toBeLessThan(1000);

    const byName = new Map(settled.map((d) => [d.name as string, d]));
    for (const file of files) {
      const doc = byName.get(path.basename(file))!;
      const want = expected[file] ?? { pages: 1 };
      if ('error' in want) {
        expect(doc.status, file).toBe('failed');
        expect(String(doc.error), file).toMatch(want.error);
      } else {
        expect(doc.status, `${file}: ${doc.error}`).toBe('ready');
        expect(doc.pages, file).toBe(want.pages);
        expect(doc.chunks as number, file).toBeGreaterThanOrEqual(want.minChunks ?? 1);
        // Unless said otherwise, every page was read from the file's text.
        const read = { pagesFromText: want.pages, pagesOcr: 0, pagesBlank: 0, pagesUnreadable: 0 };
        const counted = want.read ? { ...read, pagesFromText: 0, ...want.read } : read;
        expect(
          {
            pagesFromText: doc.pagesFromText,
            pagesOcr: doc.pagesOcr,
            pagesBlank: doc.pagesBlank,
            pagesUnreadable: doc.pagesUnreadable,
          },
          file,
        ).toEqual(counted);
      }
    }

    // The body of the review is searchable now: a question about its page 12 finds page 12.
    const tam = byName.get('text_pdfjs_TAMReview_23p.pdf')!;
    const question = 'Which five applications did Adams, Nelson and Todd use to replicate TAM?';
    const { passages } = (await (
      await fetch(
        `${folio.url}/api/search?k=3&documentIds=${tam.id}&q=${encodeURIComponent(question)}`,
      )
    ).json()) as { passages: Array<{ pageStart: number; pageEnd: number; text: string }> };
    expect(passages[0].pageStart).toBeLessThanOrEqual(12);
    expect(passages[0].pageEnd).toBeGreaterThanOrEqual(12);
    expect(passages[0].text).toMatch(/email, voice mail, word perfect, Lotus\s+123/);

    // The scans are searchable too.
    const scan = byName.get('scanned_unstructured_loremipsum-flat_1p_notext.pdf')!;
    const lorem = (await (
      await fetch(`${folio.url}/api/search?documentIds=${scan.id}&q=consectetur+adipiscing`)
    ).json()) as { passages: Array<{ pageStart: number }> };
    expect(lorem.passages[0]).toMatchObject({ pageStart: 1 });
  }, 900_000);
});
