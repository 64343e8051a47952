import { uploadFiles } from '../support/api';
import { type FolioServer, startFolio } from '../support/server';
import { type App, ask, expect, files, screenshots, startApp, test } from './support/fixtures';

/** Lighthouse notes: short answers from the built-in model, each with a citation. */
const notes = `# Skerry Point

The lighthouse at Skerry Point was kept by Ada Marlow from 1901 to 1932.

The lamp burns paraffin and turns once every twenty seconds.

High tide at Skerry Point comes twice a day, and the keeper logs every tide.
`;

const questions = [
  'Who kept the lighthouse at Skerry Point?',
  'How often does the lamp turn?',
  'What does the lamp burn?',
  'How often does high tide come at Skerry Point?',
  'What does the keeper log?',
];

test.describe('with the built-in model', () => {
  let folio: FolioServer;
  test.beforeAll(async () => {
    folio = await startFolio({ env: { FOLIO_RATE_LIMIT_PER_MINUTE: '1000' } });
    const upload = await uploadFiles(folio.url, [
      { name: 'skerry.md', content: notes, type: 'text/markdown' },
    ]);
    expect(upload.body.documents[0].status).toBe('ready');
  });
  test.afterAll(() => folio?.stop());

  test('a reload at any moment, from sending to after the end, shows the answer with its chips within two seconds', async ({
    page,
  }, testInfo) => {
    test.setTimeout(180_000);
    const shot = screenshots(page, testInfo);
    const res = await fetch(`${folio.url}/api/chats`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    const chat = (await res.json()) as { id: string };
    await page.goto(`${folio.url}/chats/${chat.id}`);
    const answers = page.getByRole('article', { name: 'Answer' });

    // How long an answer takes here, from sending to its end.
    let started = Date.now();
    await ask(page, questions[0]);
    await expect(answers.last()).toHaveAttribute('data-status', 'complete');
    const answerMs = Date.now() - started;

    for (let moment = 0; moment < 10; moment++) {
      const count = await answers.count();
      // Ten moments spread from just after sending to a second after the end.
      const reloadAfter = Math.round((moment * (answerMs + 1000)) / 9);
      await ask(page, questions[(moment + 1) % questions.length]);
      started = Date.now();
      // Sent: the question is on the page (and stored) before the reload.
      await expect(page.locator('[data-role="user"]')).toHaveCount(count + 1);
      await page.waitForTimeout(Math.max(0, reloadAfter - (Date.now() - started)));
      await page.reload();
      const answer = answers.nth(count);
      await expect(answer.locator('[data-citation]').first()).toBeVisible({ timeout: 2000 });
      // Never raw citation markup, while streaming or once complete.
      expect(await answer.locator('[data-answer-text]').textContent()).not.toMatch(/\[\d/);
      if (moment === 0 || moment === 5 || moment === 9) await shot(`reloaded-at-${reloadAfter}ms`);
      await expect(answer).toHaveAttribute('data-status', 'complete', { timeout: 10_000 });
      await expect(answer.locator('[data-citation]').first()).toBeVisible();
    }
  });

  test('a question in another language than the documents is told so', async ({ page }) => {
    await page.goto(folio.url);
    await ask(page, 'Wann wurde der Leuchtturm gebaut und wer hat ihn bewacht?');
    const answer = page.getByRole('article', { name: 'Answer' });
    await expect(answer).toHaveAttribute('data-status', 'complete');
    await expect(answer).toContainText('No passage matched the question');
    await expect(answer).toContainText('another language');
  });
});

test.describe('with a model server', () => {
  let app: App;
  test.beforeAll(async () => {
    app = await startApp({ documents: [files.pdf, files.markdown] });
  });
  test.afterAll(() => app?.stop());

  test('one numbering in chips, the sources panel and a copied answer; focus back to the composer', async ({
    page,
    context,
  }, testInfo) => {
    const shot = screenshots(page, testInfo);
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await page.goto(app.url);
    // The model cites the passages it read as the prompt numbered them: the 2nd one first.
    app.model.answer({
      answer: 'Tomatoes want six to eight hours of sun [2]. Basil grows beside them [2, 1].',
    });
    await ask(page, 'What soil suits apple trees, and how much sun do tomatoes need?');
    await page.waitForURL(/\/chats\//);
    const answer = page.getByRole('article', { name: 'Answer' });
    await expect(answer).toHaveAttribute('data-status', 'complete');
    const text = answer.locator('[data-answer-text]');
    await expect(text.locator('[data-citation]')).toHaveText(['1', '1', '2']);
    await expect(answer.getByRole('button', { name: /2 cited · \d passages/ })).toBeVisible();
    await expect(page.getByLabel('Question')).toBeFocused();
    await shot('numbered-in-order-of-citation');

    await text.locator('[data-citation="1"]').first().click();
    const panel = page.getByRole('complementary', { name: 'Sources' });
    const cited = panel.getByRole('region', { name: 'Cited in the answer' });
    await expect(cited.locator('article[data-source]')).toHaveCount(2);
    expect(
      await cited
        .locator('article[data-source]')
        .evaluateAll((a) => a.map((e) => e.getAttribute('data-source'))),
    ).toEqual(['1', '2']);
    const firstSource = (await cited.locator('article[data-source="1"] h3').textContent())!;
    await shot('sources-panel-same-numbers');

    await answer.getByRole('button', { name: 'Copy answer' }).click();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toContain(
      'Tomatoes want six to eight hours of sun [1]. Basil grows beside them [1, 2].',
    );
    expect(copied).toMatch(
      new RegExp(
        `\\*\\*Sources\\*\\*\\n\\n- \\[1\\] ${firstSource.replace('.', '\\.')}, pp?\\. \\d`,
      ),
    );
    expect(copied).toMatch(/\n- \[2\] .+, pp?\. \d/);

    // From the panel to the document and back: focus returns to the composer.
    await cited
      .locator('article[data-source="1"]')
      .getByRole('button', { name: /^Open at/ })
      .click();
    const viewer = page.getByRole('dialog');
    await expect(viewer).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(viewer).toBeHidden();
    await expect(page.getByLabel('Question')).toBeFocused();
  });

  test('a file dropped on an open chat is uploaded; upload is one Shift+Tab from the composer', async ({
    page,
  }, testInfo) => {
    const shot = screenshots(page, testInfo);
    await page.goto(app.url);
    app.model.answer({ answer: 'Basil grows beside tomatoes [1].' });
    await ask(page, 'Where does basil grow?');
    await page.waitForURL(/\/chats\//);
    await expect(page.getByRole('article', { name: 'Answer' })).toHaveAttribute(
      'data-status',
      'complete',
    );

    const dropped = await page.evaluateHandle(() => {
      const transfer = new DataTransfer();
      transfer.items.add(
        new File(['# Pears\n\nPears ripen off the tree.\n'], 'pears.md', { type: 'text/markdown' }),
      );
      return transfer;
    });
    const conversation = page.getByRole('article', { name: 'Answer' });
    await conversation.dispatchEvent('dragenter', { dataTransfer: dropped });
    await conversation.dispatchEvent('dragover', { dataTransfer: dropped });
    await expect(page.getByText('Drop files to upload')).toBeVisible();
    await shot('dragging-over-a-chat');
    await conversation.dispatchEvent('drop', { dataTransfer: dropped });
    await expect(page.getByRole('list', { name: 'Document library' })).toContainText('pears.md');
    await expect(page.getByText('Drop files to upload')).toBeHidden();
    await shot('dropped-on-a-chat');

    await page.getByLabel('Question').focus();
    await page.keyboard.press('Shift+Tab');
    await expect(page.getByRole('button', { name: 'Add documents' })).toBeFocused();
    const chooser = page.waitForEvent('filechooser');
    await page.keyboard.press('Enter');
    await (await chooser).setFiles({
      name: 'plums.md',
      mimeType: 'text/markdown',
      buffer: Buffer.from('# Plums\n\nPlums flower early.\n'),
    });
    await expect(page.getByRole('list', { name: 'Document library' })).toContainText('plums.md');
  });

  test('the PDF viewer at 390 px: the page fits the width and zooms', async ({
    page,
  }, testInfo) => {
    const shot = screenshots(page, testInfo);
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(app.url);
    app.model.answer({ answer: 'Loamy soil with a pH between six and seven [1].' });
    await ask(page, 'What soil suits apple trees?');
    await page.waitForURL(/\/chats\//);
    const answer = page.getByRole('article', { name: 'Answer' });
    await expect(answer).toHaveAttribute('data-status', 'complete');
    await answer.locator('[data-citation="1"]').first().click();
    const sheet = page.getByRole('dialog', { name: 'Sources' });
    await sheet
      .locator('article[data-source="1"]')
      .getByRole('button', { name: /^Open at/ })
      .click();
    const viewer = page.getByRole('dialog', { name: files.pdf.name });
    const pdfPage = viewer.getByTestId('pdf-page');
    await expect(viewer.locator('.textLayer .passage').first()).toBeVisible();
    const fitted = (await pdfPage.boundingBox())!;
    expect(fitted.width).toBeGreaterThan(340);
    expect(fitted.width).toBeLessThanOrEqual(390);
    await shot('viewer-390-fit-width');
    await viewer.getByRole('button', { name: 'Zoom in' }).click();
    await viewer.getByRole('button', { name: 'Zoom in' }).click();
    await expect(viewer.getByLabel('Zoom', { exact: true })).toHaveText('156%');
    await expect
      .poll(async () => (await pdfPage.boundingBox())!.width)
      .toBeGreaterThan(fitted.width * 1.5);
    await expect(viewer.locator('.textLayer .passage').first()).toBeVisible();
    await shot('viewer-390-zoomed');
    await viewer.getByRole('button', { name: 'Fit width' }).click();
    await expect(viewer.getByLabel('Zoom', { exact: true })).toHaveText('100%');
    await expect
      .poll(async () => Math.round((await pdfPage.boundingBox())!.width))
      .toBe(Math.round(fitted.width));
  });
});
