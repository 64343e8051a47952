import { mkdtemp, rm, symlink } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/**
 * The language data Tesseract reads with, from the npm packages @tesseract.js-data/<code>: read
 * from disk, never fetched. Each package holds two models; `4.0.0_best_int` is the LSTM model
 * tesseract.js itself defaults to, the integer form of Tesseract's most accurate one.
 */
export function languageDataPath(code: string): string | null {
  // Resolved from the project root: a bundler rewrites a module-relative require.resolve.
  const fromRoot = createRequire(join(process.cwd(), 'package.json'));
  try {
    const root = dirname(
      fromRoot.resolve(/* turbopackIgnore: true */ `@tesseract.js-data/${code}/package.json`),
    );
    return join(root, '4.0.0_best_int', `${code}.traineddata.gz`);
  } catch {
    return null;
  }
}

/** The languages of a list whose data is not installed. */
export function missingLanguages(codes: readonly string[]): string[] {
  return codes.filter((code) => languageDataPath(code) === null);
}

/**
 * Runs `use` with a folder holding the languages' data side by side, as tesseract.js reads it
 * (one folder, `<code>.traineddata.gz`): links to the packages' files, removed afterwards.
 * tesseract.js 7 cannot be handed the data itself: it then names the languages by their bytes.
 */
export async function withLanguageFolder<T>(
  codes: readonly string[],
  use: (folder: string) => Promise<T>,
): Promise<T> {
  const folder = await mkdtemp(join(tmpdir(), 'folio-ocr-'));
  try {
    for (const code of codes) {
      const path = languageDataPath(code);
      if (!path) throw new Error(`No OCR language data for ${code}.`);
      await symlink(path, join(folder, `${code}.traineddata.gz`));
    }
    return await use(folder);
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}
