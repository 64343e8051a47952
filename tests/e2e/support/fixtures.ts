import { expect, type Page, type TestInfo, test } from '@playwright/test';
import { uploadFiles } from '../../support/api';
import { startOpenAIStub } from '../../support/openai-stub';
import { startFolio } from '../../support/server';
import { scriptModel } from './model';
import { makePdf } from './pdf';

export const gardenNotes = `# Garden notes

## Tomatoes

Tomatoes need six to eight hours of direct sun every day and deep watering twice a week.

## Basil

Basil grows best beside tomatoes and should be pinched back before it flowers.
`;

const repeat = (sentences: string[]) => [...sentences, ...sentences, ...sentences].join(' ');

/** A three-page PDF with one topic per page: the soil passage is on page 2. */
export const orchardHandbook = makePdf([
  repeat([
    'Choosing trees. Dwarf rootstocks stay small and bear fruit within three years.',
    'Standard trees take longer to crop but live for many decades in a sheltered spot.',
    'Buy bare-root trees in autumn, when nurseries lift them from the field.',
    'Pollination groups matter: plant two varieties that flower at the same time.',
  ]),
  repeat([
    'Soil preparation. Loamy soil with a pH between six and seven suits apple trees best.',
    'Dig two buckets of compost into every planting hole before the tree goes in.',
    'Heavy clay drains badly, so raise the bed or add grit along the rows.',
    'Keep mulch a hand width away from the trunk to stop the bark from rotting.',
  ]),
  repeat([
    'Pruning happens in late winter while the trees are dormant and bare.',
    'Remove crossing branches first, then thin the crown so light reaches the centre.',
    'Cut just above an outward-facing bud with clean and sharp secateurs.',
    'Never take more than a quarter of the canopy away in a single year.',
  ]),
]);

type Upload = { name: string; mimeType: string; buffer: Buffer };

export const files = {
  pdf: { name: 'orchard-handbook.pdf', mimeType: 'application/pdf', buffer: orchardHandbook },
  markdown: { name: 'garden.md', mimeType: 'text/markdown', buffer: Buffer.from(gardenNotes) },
};

/** Numbered full-page screenshots kept with the test's results. */
export function screenshots(page: Page, testInfo: TestInfo) {
  let step = 0;
  return (name: string) =>
    page.screenshot({
      path: testInfo.outputPath(`${String(++step).padStart(2, '0')}-${name}.png`),
    });
}

/** A document's row in the library. */
export const libraryRow = (page: Page, name: string) =>
  page
    .getByRole('list', { name: 'Document library' })
    .getByRole('listitem')
    .filter({ hasText: name });

/** Types a question into the composer and sends it with Enter. */
export async function ask(page: Page, question: string) {
  await page.getByLabel('Question').fill(question);
  await page.getByLabel('Question').press('Enter');
}

/**
 * Folio with the stub as its model, started once per spec file (in beforeAll): each file
 * begins with an empty library and no chats.
 */
export async function startApp({ documents = [] }: { documents?: Upload[] } = {}) {
  const stub = await startOpenAIStub();
  const folio = await startFolio({
    env: { OPENAI_BASE_URL: stub.url, OPENAI_API_KEY: 'test', FOLIO_CHAT_MODEL: 'stub-model' },
  });
  if (documents.length > 0) {
    const uploaded = await uploadFiles(
      folio.url,
      documents.map((d) => ({ name: d.name, content: new Uint8Array(d.buffer), type: d.mimeType })),
    );
    // uploadFiles waits until each is read: every one must have become ready.
    expect(uploaded.body.documents.map((d) => d.status)).toEqual(documents.map(() => 'ready'));
  }
  return {
    url: folio.url,
    stub,
    model: scriptModel(stub),
    stop: async () => {
      await folio.stop();
      await stub.close();
    },
  };
}

export type App = Awaited<ReturnType<typeof startApp>>;

export { expect, test };
