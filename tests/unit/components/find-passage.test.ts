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

  it('finds nothing for a passage that is not on the page', () => {
    expect(findPassage(`${footer} Nothing else here.`, body)).toBeUndefined();
  });
});
