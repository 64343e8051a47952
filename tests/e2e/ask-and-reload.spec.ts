import { expect, test } from '@playwright/test';
import { type FolioServer, startFolio } from '../support/server';

const notes = `# Garden notes

## Tomatoes

Tomatoes need six to eight hours of direct sun every day and deep watering twice a week.

## Basil

Basil grows best beside tomatoes and should be pinched back before it flowers.
`;

let folio: FolioServer;

test.beforeAll(async () => {
  folio = await startFolio();
});
test.afterAll(async () => {
  await folio?.stop();
});

/** Installed in every page: records each distinct length of the answer text as it changes. */
function recordAnswerGrowth() {
  const lengths: number[] = [];
  (window as unknown as { answerLengths: number[] }).answerLengths = lengths;
  new MutationObserver(() => {
    const text = document.querySelector('article[aria-label="Answer"] > div')?.textContent ?? '';
    if (text.length !== lengths.at(-1)) lengths.push(text.length);
  }).observe(document, { subtree: true, childList: true, characterData: true });
}

test('upload, ask, watch the answer stream in with its source, reload and see it again', async ({
  page,
}, testInfo) => {
  const shot = async (name: string) =>
    page.screenshot({ path: testInfo.outputPath(`${name}.png`), fullPage: true });

  await page.addInitScript(recordAnswerGrowth);
  await page.goto(folio.url);
  await expect(page.getByText('No documents yet')).toBeVisible();
  await page.getByLabel('Upload documents').setInputFiles({
    name: 'garden.md',
    mimeType: 'text/markdown',
    buffer: Buffer.from(notes),
  });
  const library = page.getByRole('list', { name: 'Document library' });
  await expect(library.getByText('garden.md')).toBeVisible();
  await expect(library.getByText(/1 page · \d+ passages?/)).toBeVisible();
  await shot('1-uploaded');

  await page.getByLabel('Question').fill('How much sun do tomatoes need?');
  await page.getByLabel('Question').press('Enter');
  await page.waitForURL(/\/chats\//);

  // The page records every length the answer's text takes as it renders.
  const answer = page.getByRole('article', { name: 'Answer' });
  await expect(answer).toHaveAttribute('data-status', 'complete');
  const lengths = await page.evaluate(
    () => (window as unknown as { answerLengths: number[] }).answerLengths,
  );
  const finalLength = lengths.at(-1)!;
  expect(lengths.filter((n) => n > 0 && n < finalLength).length).toBeGreaterThanOrEqual(2);
  await expect(answer).toContainText('six to eight hours');
  const sources = answer.getByRole('region', { name: 'Sources' });
  await expect(sources.getByText('garden.md').first()).toBeVisible();
  const answerText = await answer.locator('div').first().textContent();
  await shot('2-answered');

  await page.reload();
  const reloaded = page.getByRole('article', { name: 'Answer' });
  await expect(reloaded.locator('div').first()).toHaveText(answerText!);
  await expect(
    reloaded.getByRole('region', { name: 'Sources' }).getByText('garden.md').first(),
  ).toBeVisible();
  await expect(page.getByText('How much sun do tomatoes need?').first()).toBeVisible();
  await shot('3-reloaded');
});
