import type { Locator } from '@playwright/test';
import { type App, ask, expect, files, screenshots, startApp, test } from './support/fixtures';

let app: App;
test.beforeAll(async () => {
  app = await startApp({ documents: [files.pdf, files.markdown] });
});
test.afterAll(() => app?.stop());

const answer = [
  'Apple trees do best in **loamy soil** with a pH between six and seven [1].',
  '',
  '- Dig compost into every planting hole [1]',
  '- Tomatoes want six to eight hours of sun [2]',
  '',
  '| Task | When |',
  '|---|---|',
  '| Prune | Late winter |',
  '',
  'Read [the guide](https://example.com/guide) but not [this](javascript:alert(1)). There is no [9].',
].join('\n');

/** Installed in the page: every length the answer text takes, and every status line shown. */
function recordStreaming() {
  const seen = { lengths: [] as number[], statuses: [] as string[] };
  (window as unknown as { seen: typeof seen }).seen = seen;
  new MutationObserver(() => {
    const text = document.querySelector('[data-answer-text]')?.textContent ?? '';
    if (text.length !== seen.lengths.at(-1)) seen.lengths.push(text.length);
    const status = document.querySelector('article [role="status"], main [role="status"]');
    const line = status?.textContent?.trim();
    if (line && line !== seen.statuses.at(-1)) seen.statuses.push(line);
  }).observe(document, { subtree: true, childList: true, characterData: true });
}

test('ask: status line, a growing Markdown answer, citation chips, sources panel, PDF and text at the passage, reload', async ({
  page,
}, testInfo) => {
  const shot = screenshots(page, testInfo);
  app.model.answer({ answer, stallMs: 1200, chunkSize: 6, delayMs: 25 });
  await page.addInitScript(recordStreaming);
  await page.goto(app.url);
  await ask(page, 'What soil suits apple trees?');
  await page.waitForURL(/\/chats\//);

  const status = page.getByRole('status');
  await expect(status).toContainText('Writing the answer…');
  await shot('status-line');

  const reply = page.getByRole('article', { name: 'Answer' });
  await expect(reply.locator('[data-answer-text]')).toContainText('loamy soil');
  await shot('answer-growing');
  await expect(reply).toHaveAttribute('data-status', 'complete');
  const seen = await page.evaluate(
    () => (window as unknown as { seen: { lengths: number[]; statuses: string[] } }).seen,
  );
  const finalLength = seen.lengths.at(-1)!;
  expect(seen.lengths.filter((n) => n > 0 && n < finalLength).length).toBeGreaterThanOrEqual(3);
  expect(seen.statuses).toContain('Writing the answer…');

  // Markdown: emphasis, a list, a table; safe links; a number with no source stays text.
  const text = reply.locator('[data-answer-text]');
  await expect(text.locator('strong')).toHaveText('loamy soil');
  await expect(text.getByRole('listitem')).toHaveCount(2);
  await expect(text.getByRole('table')).toContainText('Late winter');
  const guide = text.getByRole('link', { name: 'the guide' });
  await expect(guide).toHaveAttribute('target', '_blank');
  await expect(guide).toHaveAttribute('rel', 'noopener noreferrer');
  await expect(text.getByRole('link', { name: 'this' })).toHaveCount(0);
  await expect(text).toContainText('There is no [9].');
  await expect(text.locator('[data-citation="9"]')).toHaveCount(0);
  await shot('answer-complete');

  // Hovering a chip tells where it comes from.
  const chip = text.locator('[data-citation="1"]').first();
  await chip.hover();
  const tooltip = page.getByRole('tooltip');
  await expect(tooltip).toContainText(files.pdf.name);
  await expect(tooltip).toContainText(/p\. \d/);
  await expect(tooltip).toContainText(/Soil preparation|Loamy soil/);
  await shot('chip-hover');

  // Clicking it opens the panel on that passage, cited passages first.
  await chip.click();
  const panel = page.getByRole('complementary', { name: 'Sources' });
  await expect(panel).toBeVisible();
  const selected = panel.locator('article[aria-current="true"]');
  await expect(selected).toHaveAttribute('data-source', '1');
  await expect(selected).toContainText(files.pdf.name);
  await expect(selected).toContainText(/score [\d.]*[1-9]/);
  await expect(panel.getByRole('region', { name: 'Cited in the answer' })).toBeVisible();
  const sections = await panel.getByRole('region').allTextContents();
  expect(sections[0]).toContain('Cited in the answer');
  await shot('sources-panel');

  // From the passage to the PDF page, the passage marked in the text layer.
  const pages = (await selected.locator('p').first().textContent())!.match(/p+\. (\d+)/)![1];
  const squeeze = (s: string) => s.replace(/\s+/g, '');
  const passage = squeeze((await selected.locator('p').nth(1).textContent())!);
  await expect(selected.locator('p').first()).toContainText('pp. 1–2');
  await selected.getByRole('button', { name: /^Open at/ }).click();
  const viewer = page.getByRole('dialog');
  await expect(viewer.getByTestId('pdf-page')).toHaveAttribute('data-page', pages);
  await expect(viewer.getByText(new RegExp(`Page ${pages} of 3`))).toBeVisible();
  const marked = viewer.locator('.textLayer .passage');
  await expect(marked.first()).toBeVisible();
  // What is marked on the page is the passage (or, when it runs on to the next page, its start).
  const markedText = squeeze((await marked.allTextContents()).join(''));
  expect(markedText.length).toBeGreaterThan(40);
  expect(passage).toContain(markedText.slice(0, 40));
  // It is marked where it is: it runs onto page 2, so its part on page 1 ends the page, though
  // the page says its opening sentences twice before that.
  await expect(viewer.getByText('Page 1 of 3', { exact: true })).toBeVisible();
  expect(await aroundMarks(marked)).toMatchObject({ after: '' });
  await shot('pdf-at-passage');

  // The keys turn the pages as the buttons do, with focus where the viewer put it: the bar says
  // which page is shown, and the passage is marked on its own pages only (it runs from the foot
  // of page 1 onto page 2, as its card said). At either end a key turns nothing (else the key
  // after it would land on another page than the one asserted).
  const shown = (n: number) => viewer.getByText(`Page ${n} of 3`, { exact: true });
  const pdfPage = viewer.getByTestId('pdf-page');
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowRight');
  await expect(shown(2)).toBeVisible();
  await expect(pdfPage.locator('.textLayer')).toContainText('Soil preparation');
  await expect(marked.first()).toBeVisible();
  expect(passage).toContain(squeeze((await marked.allTextContents()).join('')));
  expect(await aroundMarks(marked)).toMatchObject({ before: '' });
  await shot('keys-pdf-passage-continued');
  await page.keyboard.press('End');
  await expect(shown(3)).toBeVisible();
  await expect(viewer.getByText('Opening page 3…')).toBeHidden();
  await expect(pdfPage.locator('.textLayer')).toContainText('Pruning happens');
  await expect(marked).toHaveCount(0);
  await shot('keys-pdf-page-3');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowLeft');
  await expect(shown(2)).toBeVisible();
  await page.keyboard.press('Home');
  await expect(shown(1)).toBeVisible();
  await expect(marked.first()).toBeVisible();
  expect(squeeze((await marked.allTextContents()).join(''))).toBe(markedText);
  await shot('keys-pdf-back-at-passage');
  // Zoomed wider than its frame, the page is moved across with the arrows, as in pdf.js: they
  // scroll it sideways and turn nothing.
  await viewer.getByRole('button', { name: 'Zoom in' }).click();
  await viewer.getByRole('button', { name: 'Zoom in' }).click();
  const frame = pdfPage.locator('xpath=..');
  await expect.poll(() => frame.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
  await frame.evaluate((el) => el.scrollTo({ left: 0 }));
  await page.keyboard.press('ArrowRight');
  await expect.poll(() => frame.evaluate((el) => el.scrollLeft)).toBeGreaterThan(0);
  await expect(shown(1)).toBeVisible();
  const top = await frame.evaluate((el) => el.scrollTop);
  await page.keyboard.press('ArrowDown');
  await expect.poll(() => frame.evaluate((el) => el.scrollTop)).toBeGreaterThan(top);
  await shot('keys-pdf-zoomed-arrow-scrolls');
  await page.keyboard.press('Escape');
  await expect(viewer).toBeHidden();

  // The last passage is page 3's closing sentences, which the page says three times over (it
  // repeats its four sentences): it is marked where it is, the third time, not the first.
  const closing = panel
    .locator('article')
    .filter({ has: page.getByText(/^p\. 3 ·/) })
    .filter({ hasText: 'Pruning happens in late winter' });
  const closingText = squeeze((await closing.locator('p').nth(1).textContent())!);
  await closing.getByRole('button', { name: /^Open at/ }).click();
  await expect(shown(3)).toBeVisible();
  await expect(marked.first()).toBeVisible();
  expect(squeeze((await marked.allTextContents()).join(''))).toBe(closingText);
  const around = await aroundMarks(marked);
  expect(around.after).toBe('');
  expect(around.before.split(closingText).length).toBe(3);
  await shot('pdf-passage-said-three-times');
  await page.keyboard.press('Escape');
  await expect(viewer).toBeHidden();

  // Keyboard alone: focus a chip, Enter opens the panel on it.
  await page.getByRole('button', { name: 'Close sources' }).click();
  await chip.focus();
  await expect(page.getByRole('tooltip')).toContainText(files.pdf.name);
  await page.keyboard.press('Enter');
  await expect(panel.locator('article[aria-current="true"]')).toHaveAttribute('data-source', '1');

  // The answer, its chips and its sources are all there after a reload.
  const answerText = await text.textContent();
  await page.reload();
  await expect(reply.locator('[data-answer-text]')).toHaveText(answerText!);
  await expect(reply.locator('[data-citation="1"]').first()).toBeVisible();
  await expect(page.getByText('What soil suits apple trees?').first()).toBeVisible();
  await shot('reloaded');

  // A follow-up from the Markdown file: its source opens as the text, the passage marked.
  app.model.answer({ answer: 'Six to eight hours of direct sun a day [1].' });
  await ask(page, 'And how much sun do tomatoes need?');
  const followUp = page.getByRole('article', { name: 'Answer' }).nth(1);
  await expect(followUp).toHaveAttribute('data-status', 'complete');
  await followUp.locator('[data-citation="1"]').click();
  await panel
    .locator('article[aria-current="true"]')
    .getByRole('button', { name: /^Open at/ })
    .click();
  const textViewer = page.getByRole('dialog', { name: files.markdown.name });
  await expect(textViewer.locator('mark')).toContainText('six to eight hours');
  await shot('text-at-passage');
});

/** The text of the page before the first of its marks and after the last, without spaces. */
function aroundMarks(marks: Locator) {
  return marks.first().evaluate((first) => {
    const layer = first.closest('.textLayer')!;
    const all = layer.querySelectorAll('.passage');
    const before = document.createRange();
    before.setStart(layer, 0);
    before.setEndBefore(first);
    const after = document.createRange();
    after.setStartAfter(all[all.length - 1]);
    after.setEnd(layer, layer.childNodes.length);
    return {
      before: before.toString().replace(/\s+/g, ''),
      after: after.toString().replace(/\s+/g, ''),
    };
  });
}
