import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  chunkDocument,
  DocumentError,
  type DocumentErrorCode,
  type ParsedDocument,
  parseDocument,
} from '@/lib/documents';

/**
 * Every sample document under ../shared/data ends the way a user would want: read, with
 * plausible pages and passages, or refused with the specific reason. Outcomes were decided
 * per file from what the file is (its name says) and what pdf.js can recover from it.
 */
const DATA = fileURLToPath(new URL('../../../../shared/data', import.meta.url));
const FOLDERS = ['pdfs', 'docx', 'html', 'markdown'];
const available = existsSync(DATA);
if (!available) console.log(`Skipping the shared-data documents test: ${DATA} does not exist.`);

type Outcome =
  | { error: DocumentErrorCode }
  | { pages: number; check?: (doc: ParsedDocument) => void; emptyPages?: number };

const inOrder = (doc: ParsedDocument, ...phrases: string[]) => {
  const positions = phrases.map((phrase) => doc.text.indexOf(phrase));
  expect(
    positions.every((position) => position >= 0),
    phrases.join(' / '),
  ).toBe(true);
  expect(positions).toEqual([...positions].sort((a, b) => a - b));
};

const OUTCOMES: Record<string, Outcome> = {
  'corrupt_DERIVED_tracemonkey_truncated_at_50pct.pdf': { error: 'corrupt' },
  // pdf.js opens it, but its only page draws nothing.
  'corrupt_pdfjs_PDFBOX-3148-2-fuzzed.pdf': { error: 'no-text' },
  // pdf.js repairs these; what it recovers is worth searching.
  'corrupt_pdfjs_Pages-tree-refs_cyclic.pdf': { pages: 2, emptyPages: 1 },
  'corrupt_pdfjs_poppler-90-0-fuzzed_16p.pdf': { pages: 16, emptyPages: 12 },
  'edge_unstructured_layout-parser-with-empty-pages_4p.pdf': { pages: 4, emptyPages: 2 },
  'encrypted_pypdf-samples_libreoffice-writer-password_PW-openpassword.pdf': { error: 'encrypted' },
  'encrypted_unstructured_copy-protected_emptyuserpw.pdf': {
    pages: 2,
    check: (doc) => expect(doc.text).toContain('LayoutParser'),
  },
  'encrypted_unstructured_password_PW-password.pdf': { error: 'encrypted' },
  'large_unstructured_DA-619p.pdf': { pages: 619 },
  'malformed_unstructured_failure-after-repair_76p.pdf': { pages: 76 },
  'scanned_pdfjs_issue7229_2p_notext.pdf': { error: 'no-text' },
  'scanned_unstructured_loremipsum-flat_1p_notext.pdf': { error: 'no-text' },
  'scanned_unstructured_pdf-with-ocr-text_1p.pdf': { pages: 1 },
  // Pages 2-22 use fonts that do not say which letters they draw: pdf.js returns control codes,
  // so those pages stay empty rather than indexing gibberish.
  'text_pdfjs_TAMReview_23p.pdf': { pages: 23, emptyPages: 21 },
  'text_pdfjs_pdkids_55p.pdf': { pages: 55 },
  'text_pdfjs_tracemonkey_14p.pdf': {
    pages: 14,
    check: (doc) =>
      inOrder(doc, 'Abstract', 'programs.', '1. Introduction', 'and is used for the application'),
  },
  'text_pdfplumber_federal-register-2020-17221_15p.pdf': {
    pages: 15,
    check: (doc) =>
      inOrder(doc, 'Hatta International Airport', 'altitude disagree alert', 'and the Ethiopian'),
  },
  'text_pypdf-samples_GeoTopo_117p_de.pdf': { pages: 117 },
  'text_unstructured_dpr-paper-multicolumn_13p.pdf': {
    pages: 13,
    check: (doc) =>
      inOrder(
        doc,
        'Abstract',
        'by 9%-19% absolute',
        '1 Introduction',
        'Retrieval in open-domain QA',
      ),
  },
  'mammoth_empty.docx': { error: 'no-text' },
  'unstructured_handbook-872p.docx': {
    pages: 1,
    check: (doc) => expect(doc.headings.length).toBeGreaterThan(100),
  },
  'unstructured_example-with-scripts.html': {
    pages: 1,
    check: (doc) => {
      expect(doc.text).toContain('Belarusian forces remain unlikely');
      expect(doc.text).not.toMatch(/function\s*\(|<script|\{\s*display:/);
    },
  },
  'unstructured_example-steelJIS-datasheet-utf-16.html': {
    pages: 1,
    check: (doc) => expect(doc.text).toContain('SteelJIS'),
  },
  'unstructured_fake-html-cp1252.html': {
    pages: 1,
    check: (doc) => expect(doc.text).toContain('Die schöne Frau'),
  },
  'unstructured_umlauts-non-utf8.md': {
    pages: 1,
    check: (doc) => expect(doc.headings[0]?.text).toBe('können'),
  },
  'unstructured_codeblock.md': {
    pages: 1,
    check: (doc) =>
      expect(doc.headings.map((h) => h.text)).toEqual(['HTML Example', 'XML Example']),
  },
};

const files = available
  ? FOLDERS.flatMap((folder) =>
      readdirSync(join(DATA, folder)).map((name) => ({ name, path: join(DATA, folder, name) })),
    )
  : [];

describe.skipIf(!available)('the documents in ../shared/data', () => {
  it.each(files)('$name', { timeout: 180_000 }, async ({ name, path }) => {
    // Files added later without a decided outcome must at least end in one of the two ways.
    const expected: Outcome = OUTCOMES[name] ?? { pages: -1 };
    const result = await parseDocument(new Uint8Array(readFileSync(path)), name).catch(
      (error: unknown) => error,
    );
    if ('error' in expected) {
      expect(result).toBeInstanceOf(DocumentError);
      expect(result).toMatchObject({ code: expected.error });
      return;
    }
    if (result instanceof DocumentError && expected.pages === -1) return;
    const doc = result as ParsedDocument;
    expect(doc.text, String(result)).toEqual(expect.any(String));
    if (expected.pages >= 0) expect(doc.pages).toHaveLength(expected.pages);
    const emptyPages = doc.pages.filter((page) => page.charStart === page.charEnd).length;
    expect(emptyPages).toBe(expected.emptyPages ?? 0);
    // Plausible text: mostly letters, and on average a fair amount per page.
    const letters = doc.text.match(/\p{L}/gu)?.length ?? 0;
    expect(letters / doc.text.length).toBeGreaterThan(0.4);
    const chunks = chunkDocument(doc);
    expect(chunks.length).toBeGreaterThanOrEqual(1);
    for (const chunk of chunks) {
      expect(chunk.text).toBe(doc.text.slice(chunk.charStart, chunk.charEnd));
      expect(chunk.text.length).toBeLessThanOrEqual(1000);
      expect(chunk.pageStart).toBeLessThanOrEqual(chunk.pageEnd);
    }
    expect(chunks.at(-1)!.pageEnd).toBeLessThanOrEqual(doc.pages.length);
    expected.check?.(doc);
  });
});
