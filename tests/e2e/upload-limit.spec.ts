import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type FolioServer, startFolio } from '../support/server';
import { expect, screenshots, test } from './support/fixtures';

/**
 * Folio answers an upload as soon as its file passes the size limit, and throws the rest of
 * the body away unread. Chromium reads no answer before it has sent its whole body, so the
 * answer must still reach it: the person sees the limit, not a connection error.
 */
let folio: FolioServer;
let bigFile: string;
test.beforeAll(async () => {
  folio = await startFolio({ env: { FOLIO_MAX_UPLOAD_MB: '1' } });
  bigFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'folio-big-')), 'survey.txt');
  fs.writeFileSync(bigFile, 'The survey of the harbour wall. '.repeat(700_000)); // 22 MB
});
test.afterAll(async () => {
  await folio?.stop();
  fs.rmSync(path.dirname(bigFile), { recursive: true, force: true });
});

test('a file over the size limit is refused with the limit, in words', async ({
  page,
}, testInfo) => {
  const shot = screenshots(page, testInfo);
  await page.goto(folio.url);
  await page.getByLabel('Upload documents').first().setInputFiles(bigFile);
  const library = page.getByRole('region', { name: 'Documents' });
  await expect(library.getByText('This file is larger than the 1 MB limit.')).toBeVisible();
  await expect(library.getByText('survey.txt')).toBeVisible();
  await shot('refused');
  // Dismissed, its row goes; the library is empty, so focus moves to Upload.
  await library.getByRole('button', { name: 'Dismiss survey.txt' }).click();
  await expect(library.getByText('survey.txt')).toHaveCount(0);
  await expect(library.getByRole('button', { name: 'Upload', exact: true })).toBeFocused();
});
