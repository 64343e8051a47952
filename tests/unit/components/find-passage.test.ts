import { describe, expect, it } from 'vitest';
import { findPassage } from '@/components/documents/find-passage';

/** The page text a found range covers. */
function marked(page: string, passage: string) {
  const found = findPassage(page, passage);
  return found && page.slice(found.start, found.end);
}

const body =
  'On October 29, 2018, a Boeing Model 737-8 airplane operated by Lion Air was involved in an ' +
  'accident after takeoff from Soekarno-Hatta International Airport in Jakarta, Indonesia,';
const footer = 'VerDate Sep<11>2014 16:56 Aug 19, 2020 Jkt 250001 PO 00000 Frm 00001';
const rest =
  'resulting in 189 fatalities. Investigation of the accident has been completed by the ' +
  'Indonesian authorities.';

describe('findPassage', () => {
  it('finds a passage on one page whatever its line breaks and line-break hyphens', () => {
    const page = `Intro text. On October 29, 2018, a Boeing Model 737-8 air-\nplane operated by Lion Air was involved in an accident. Later text.`;
    expect(marked(page, 'a Boeing Model 737-8 airplane operated by Lion Air')).toBe(
      'a Boeing Model 737-8 air-\nplane operated by Lion Air',
    );
  });

  it('marks a passage running into the next page up to its end on this page, not the footer', () => {
    expect(marked(`Earlier text. ${body} ${footer}`, `${body} ${rest}`)).toBe(body);
  });

  it('marks a passage running over from the previous page from where it goes on here', () => {
    const header = 'Federal Register / Vol. 85, No. 161 / Thursday, August 20, 2020';
    expect(marked(`${header} ${rest} Later text.`, `${body} ${rest}`)).toBe(rest);
  });

  it('marks from start to end when the page differs from the passage in between', () => {
    const page = `Earlier. ${body} 4 ${rest} Later.`;
    expect(marked(page, `${body} ${rest}`)).toBe(`${body} 4 ${rest}`);
  });

  // The orchard handbook's pages say the same four sentences three times over (tests/e2e).
  const steps =
    'Buy bare-root trees in autumn, when nurseries lift them from the field. ' +
    'Pollination groups matter: plant two varieties that flower at the same time.';
  const soil =
    'Soil preparation. Loamy soil with a pH between six and seven suits apple trees best. ' +
    'Dig two buckets of compost into every planting hole before the tree goes in.';

  it('marks a passage running into the next page at the foot of the page, where its opening words are said again before', () => {
    const page = `Choosing trees. ${steps} Choosing trees. ${steps} ${footer}`;
    const found = findPassage(page, `${steps} ${soil}`);
    expect(found?.start).toBe(page.lastIndexOf(steps));
    expect(marked(page, `${steps} ${soil}`)).toBe(steps);
  });

  it('marks a passage running over from the previous page at the top of the page, where its closing words are said again after', () => {
    const page = `${soil} Keep mulch away. ${soil} Keep mulch away.`;
    const found = findPassage(page, `${steps} ${soil} Keep mulch away. ${soil}`);
    expect(found).toEqual({ start: 0, end: page.lastIndexOf(soil) + soil.length });
  });

  it('marks from the start nearest its end when the page differs from the passage in between and says its opening again before', () => {
    const page = `${body} Other words. ${body} 4 ${rest} Later.`;
    const found = findPassage(page, `${body} ${rest}`);
    expect(found?.start).toBe(page.lastIndexOf(body));
    expect(marked(page, `${body} ${rest}`)).toBe(`${body} 4 ${rest}`);
  });

  it('marks the copy of a passage whose whole text the page says twice that the server places it at', () => {
    // The text layer, with the running header the server's text leaves out, and the server's
    // text, its lines broken elsewhere: both say the passage twice, and it is the second time.
    const layer = `Orchard handbook 2 ${steps} ${soil} Water well. ${steps} ${soil} Keep mulch away.`;
    const server = `${steps}\n${soil}\nWater well.\n\n${steps}\n${soil}\nKeep mulch away.`.replace(
      'two varieties',
      'two\nvarieties',
    );
    const passage = `${steps} ${soil}`;
    const second = server.lastIndexOf('Buy bare-root');
    const place = { text: server, start: second, end: second + passage.length };
    const found = findPassage(layer, passage, place);
    expect(found?.start).toBe(layer.lastIndexOf(steps));
    expect(found && layer.slice(found.start, found.end)).toBe(passage);
    // Placed at the first copy, it is the first; with no place (a source kept without offsets),
    // the first too, as before.
    const first = { ...place, start: server.indexOf('Buy bare-root') };
    expect(findPassage(layer, passage, first)?.start).toBe(layer.indexOf(steps));
    expect(findPassage(layer, passage)?.start).toBe(layer.indexOf(steps));
  });

  it('marks the second of two copies that differ from the passage alike in between, when the server places it there', () => {
    const page = `${body} 4 ${rest} Other words. ${body} 4 ${rest} Later.`;
    const second = page.lastIndexOf(body);
    const passage = `${body} ${rest}`;
    const place = { text: page, start: second, end: page.lastIndexOf(rest) + rest.length };
    expect(findPassage(page, passage, place)?.start).toBe(second);
    expect(findPassage(page, passage)?.start).toBe(0);
  });

  it('finds nothing for a passage that is not on the page', () => {
    expect(findPassage(`${footer} Nothing else here.`, body)).toBeUndefined();
  });
});
