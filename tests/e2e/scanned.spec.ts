import type { Page } from '@playwright/test';
import type { GrayImage } from '@/lib/documents/types';
import { buildPdf } from '../support/pdf';
import { drawPdfPages, tiffOf } from '../support/scan';
import {
  type App,
  ask,
  expect,
  libraryRow,
  orchardHandbook,
  screenshots,
  startApp,
  test,
} from './support/fixtures';

let app: App;
let scan: Buffer;

test.beforeAll(async () => {
  app = await startApp();
  // The orchard handbook's first two pages as a scanner sees them, and a third page whose
  // picture holds no text: two pages read by OCR, one that cannot be read.
  const [trees, soil] = await drawPdfPages(new Uint8Array(orchardHandbook), 300);
  const speckled: GrayImage = {
    ...soil,
    pixels: soil.pixels.map((_, i) => ((i * 2654435761) >>> 24 > 252 ? 0 : 255)),
  };
  scan = Buffer.from(buildPdf({ pages: [[], [], []], pictures: [trees, soil, speckled] }));
});
test.afterAll(() => app?.stop());

/** Asks, lets the model answer citing [1], and opens that source in the sources panel. */
async function citedSource(page: Page, question: string, answer: string) {
  app.model.answer({ answer });
  await ask(page, question);
  const reply = page.getByRole('article', { name: 'Answer' });
  await expect(reply).toHaveAttribute('data-status', 'complete', { timeout: 30_000 });
  await reply.locator('[data-citation="1"]').first().click();
  return page
    .getByRole('complementary', { name: 'Sources' })
    .locator('article[aria-current="true"]');
}

test('a scanned PDF: recognised with its progress, its unreadable page counted, and a cited passage marked on the scan', async ({
  page,
}, testInfo) => {
  test.setTimeout(300_000);
  const shot = screenshots(page, testInfo);
  await page.goto(app.url);
  await page
    .getByLabel('Upload documents')
    .first()
    .setInputFiles({ name: 'orchard-scan.pdf', mimeType: 'application/pdf', buffer: scan });

  const scanned = libraryRow(page, 'orchard-scan.pdf');
  await expect(scanned).toContainText(/Recognising page [1-3] of 3…/, { timeout: 60_000 });
  await expect(scanned.getByRole('progressbar')).toBeVisible();
  await shot('recognising');

  await expect(scanned).toContainText('3 pages (2 read by OCR) ·', { timeout: 240_000 });
  await expect(scanned.getByTestId('unreadable-pages')).toHaveText(
    '1 of 3 pages could not be read',
  );
  await shot('ready-with-unreadable-page');

  // Ask about what only the scan says: its text came from OCR.
  const selected = await citedSource(
    page,
    'What soil suits apple trees?',
    'Loamy soil with a pH between six and seven suits apple trees [1].',
  );
  await expect(selected).toContainText('orchard-scan.pdf');
  await expect(selected).toContainText(/Loamy soil/i);
  const pageNumber = (await selected.locator('p').first().textContent())!.match(/p+\. (\d+)/)![1];
  await shot('sources-panel');

  // The scan opens at the passage's page, the passage marked on its picture word by word.
  await selected.getByRole('button', { name: /^Open at/ }).click();
  const viewer = page.getByRole('dialog');
  const pdfPage = viewer.getByTestId('pdf-page');
  await expect(pdfPage).toHaveAttribute('data-page', pageNumber);
  const marks = pdfPage.locator('.passage-mark');
  await expect(marks.first()).toBeVisible({ timeout: 20_000 });
  // One mark per line of the passage on that page, every one of them on the page.
  expect(await marks.count()).toBeGreaterThan(3);
  const frame = (await pdfPage.boundingBox())!;
  for (const mark of await marks.all()) {
    const box = (await mark.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(frame.x - 2);
    expect(box.x + box.width).toBeLessThanOrEqual(frame.x + frame.width + 2);
    expect(box.height).toBeLessThan(40);
  }
  await shot('passage-marked-on-scan');
});

test("a scanner's TIFF of two pages: each read by OCR, and a passage marked on its second page", async ({
  page,
}, testInfo) => {
  test.setTimeout(180_000);
  const shot = screenshots(page, testInfo);
  const [trees, soil] = await drawPdfPages(new Uint8Array(orchardHandbook), 150);
  await page.goto(app.url);
  await page
    .getByLabel('Upload documents')
    .first()
    .setInputFiles({
      name: 'orchard-scan.tiff',
      mimeType: 'image/tiff',
      buffer: Buffer.from(tiffOf([trees, soil])),
    });
  await expect(libraryRow(page, 'orchard-scan.tiff')).toContainText('2 pages (2 read by OCR) ·', {
    timeout: 120_000,
  });

  await citedSource(
    page,
    'What helps heavy clay that drains badly?',
    'Raise the bed or add grit where clay drains badly [1].',
  );
  // A passage of the TIFF's page 2 alone, whichever number it has among the sources (the scanned
  // PDF of the test before holds the same pages; how OCR's lines fall into passages may give page
  // 2 one or two).
  await page
    .getByRole('complementary', { name: 'Sources' })
    .locator('article')
    .filter({ hasText: 'orchard-scan.tiff' })
    .getByRole('button', { name: 'Open at p. 2' })
    .first()
    .click();
  const viewer = page.getByRole('dialog');
  // Browsers cannot show a TIFF: its second page is drawn from the file, the passage marked on it.
  const picture = viewer.getByRole('img', { name: 'orchard-scan.tiff' });
  await expect(picture).toBeVisible();
  expect(await picture.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(soil.width);
  const marks = viewer.locator('.passage-mark');
  await expect(marks.first()).toBeVisible({ timeout: 20_000 });
  await shot('passage-marked-on-tiff-page-2');
});
