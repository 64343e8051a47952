import type { Locator, Page } from '@playwright/test';
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

test("a scanner's TIFF of two pages: each read by OCR, its passages marked on their pages, and its pages turned", async ({
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
  // The TIFF's passages among the sources, whichever numbers they have (the scanned PDF of the
  // test before holds the same pages).
  const tiffSources = page
    .getByRole('complementary', { name: 'Sources' })
    .locator('article')
    .filter({ hasText: 'orchard-scan.tiff' });
  const viewer = page.getByRole('dialog', { name: 'orchard-scan.tiff' });
  const bar = {
    page: (n: number) => viewer.getByText(`Page ${n} of 2`, { exact: true }),
    previous: viewer.getByRole('button', { name: 'Previous page' }),
    next: viewer.getByRole('button', { name: 'Next page' }),
  };
  // Browsers cannot show a TIFF: its pages are drawn from the file, the passage marked on them.
  const picture = viewer.getByRole('img', { name: /^orchard-scan\.tiff, page/ });
  const marks = viewer.locator('.passage-mark');

  // A passage of page 2 alone opens there; page 1 is a page of the file like any other, turned
  // to and back from.
  await tiffSources.getByRole('button', { name: 'Open at p. 2' }).first().click();
  await expect(bar.page(2)).toBeVisible();
  await expect(picture).toHaveAccessibleName('orchard-scan.tiff, page 2');
  expect(await greySum(picture)).toBe(greySumOf(soil));
  await expect(marks.first()).toBeVisible({ timeout: 20_000 });
  await shot('passage-marked-on-tiff-page-2');
  await bar.previous.click();
  await expect(bar.page(1)).toBeVisible();
  expect(await greySum(picture)).toBe(greySumOf(trees));
  await shot('tiff-page-1');
  await bar.next.click();
  await expect(bar.page(2)).toBeVisible();
  expect(await greySum(picture)).toBe(greySumOf(soil));
  await expect(marks.first()).toBeVisible();

  // The keys turn the pages as the buttons do, which name them; a key at either end turns
  // nothing (else the next key would land on another page than the one asserted).
  await expect(bar.next).toHaveAttribute('aria-keyshortcuts', 'ArrowRight PageDown');
  await expect(bar.previous).toHaveAttribute('title', /Page Up/);
  // The page is announced whole on each turn.
  await expect(bar.page(2)).toHaveAttribute('aria-live', 'polite');
  await expect(bar.page(2)).toHaveAttribute('aria-atomic', 'true');
  await picture.click();
  await page.keyboard.press('ArrowLeft');
  await expect(bar.page(1)).toBeVisible();
  await expect(picture).toHaveAccessibleName('orchard-scan.tiff, page 1');
  expect(await greySum(picture)).toBe(greySumOf(trees));
  await expect(marks).toHaveCount(0);
  await shot('keys-tiff-page-1');
  await page.keyboard.press('PageUp');
  await page.keyboard.press('ArrowRight');
  await expect(bar.page(2)).toBeVisible();
  expect(await greySum(picture)).toBe(greySumOf(soil));
  await expect(marks.first()).toBeVisible();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowLeft');
  await expect(bar.page(1)).toBeVisible();
  await page.keyboard.press('End');
  await expect(bar.page(2)).toBeVisible();
  await page.keyboard.press('Home');
  await expect(bar.page(1)).toBeVisible();
  expect(await greySum(picture)).toBe(greySumOf(trees));
  // PageDown reads down page 1 a screen at a time, then turns to page 2 at its foot.
  const frame = picture.locator('xpath=../..');
  const scrolled = () => frame.evaluate((el) => el.scrollTop);
  const atFoot = () =>
    frame.evaluate((el) => el.scrollTop + el.clientHeight >= el.scrollHeight - 1);
  await expect.poll(atFoot).toBe(false);
  while (!(await atFoot())) {
    const top = await scrolled();
    await page.keyboard.press('PageDown');
    await expect.poll(scrolled).toBeGreaterThan(top);
    await expect(bar.page(1)).toBeVisible();
  }
  await page.keyboard.press('PageDown');
  await expect(bar.page(2)).toBeVisible();
  expect(await greySum(picture)).toBe(greySumOf(soil));
  await expect(marks.first()).toBeVisible();
  await shot('keys-tiff-page-2');
  await page.keyboard.press('Escape');

  // On a phone, from the sources sheet: the passage that runs from the end of page 1 onto page 2
  // opens at page 1, marked there; the keyboard turns to page 2, where the rest of it is marked,
  // and back.
  await page.setViewportSize({ width: 390, height: 844 });
  await page
    .getByRole('dialog', { name: 'Sources' })
    .locator('article')
    .filter({ hasText: 'orchard-scan.tiff' })
    .getByRole('button', { name: 'Open at pp. 1–2' })
    .first()
    .click();
  await expect(bar.page(1)).toBeVisible();
  await expect(picture).toHaveAccessibleName('orchard-scan.tiff, page 1');
  expect(await greySum(picture)).toBe(greySumOf(trees));
  await expect(marks.first()).toBeVisible({ timeout: 20_000 });
  // The whole bar fits the phone's width.
  for (const button of [
    bar.previous,
    bar.next,
    viewer.getByRole('button', { name: 'Fit width' }),
  ]) {
    await expect(button).toBeInViewport({ ratio: 1 });
  }
  await shot('passage-marked-on-tiff-page-1-at-390px');
  await bar.next.focus();
  await page.keyboard.press('Enter');
  await expect(bar.page(2)).toBeVisible();
  await expect(picture).toHaveAccessibleName('orchard-scan.tiff, page 2');
  expect(await greySum(picture)).toBe(greySumOf(soil));
  await expect(marks.first()).toBeVisible();
  // At the last page Next goes no further, and keeps the focus for the way back.
  await expect(bar.next).toBeDisabled();
  await expect(bar.next).toBeFocused();
  await shot('passage-continued-on-tiff-page-2-at-390px');
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Enter');
  await expect(bar.page(1)).toBeVisible();
  expect(await greySum(picture)).toBe(greySumOf(trees));
  await expect(marks.first()).toBeVisible();
});

/** The sum of a picture's grey levels as the browser shows it: which page is on screen. */
function greySum(picture: Locator) {
  return picture.evaluate(async (img: HTMLImageElement) => {
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = img.naturalWidth;
    canvas.height = img.naturalHeight;
    const context = canvas.getContext('2d')!;
    context.drawImage(img, 0, 0);
    const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
    let sum = 0;
    for (let i = 0; i < data.length; i += 4) sum += data[i];
    return sum;
  });
}

const greySumOf = (picture: GrayImage) => picture.pixels.reduce((sum, grey) => sum + grey, 0);
