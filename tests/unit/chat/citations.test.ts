import { describe, expect, it } from 'vitest';
import { CitationNumbering } from '@/lib/chat/citations';

const passages = Array.from({ length: 8 }, (_, i) => ({ n: i + 1, name: `passage ${i + 1}` }));

function stream(chunks: string[]) {
  const numbering = new CitationNumbering(passages);
  const shown = chunks.map((chunk) => numbering.push(chunk).text);
  shown.push(numbering.end().text);
  return { numbering, shown };
}

describe('CitationNumbering', () => {
  it('numbers the sources in the order the answer first cites them', () => {
    const { numbering } = stream(['Tides come twice a day [8]. Ada logged them [3, 8]. See [3].']);
    expect(numbering.text).toBe('Tides come twice a day [1]. Ada logged them [2, 1]. See [2].');
    expect(numbering.citations()).toEqual([1, 2]);
    const sources = numbering.sources();
    expect(sources.map((s) => [s.n, s.name, s.cited])).toEqual([
      [1, 'passage 8', true],
      [2, 'passage 3', true],
      [3, 'passage 1', false],
      [4, 'passage 2', false],
      [5, 'passage 4', false],
      [6, 'passage 5', false],
      [7, 'passage 6', false],
      [8, 'passage 7', false],
    ]);
  });

  it('holds back a citation split across chunks, never more', () => {
    const { numbering, shown } = stream([
      'The lamp turns [',
      '7',
      '] every [not a citation',
      ' here.',
    ]);
    expect(shown).toEqual(['The lamp turns ', '', '[1] every [not a citation', ' here.', '']);
    expect(numbering.text).toBe('The lamp turns [1] every [not a citation here.');
  });

  it('says when a source got its number, so the sources go out before the text citing it', () => {
    const numbering = new CitationNumbering(passages);
    expect(numbering.push('First [5]').numbered).toBe(true);
    expect(numbering.push(' again [5]').numbered).toBe(false);
  });

  it('leaves a number no passage has as the model wrote it', () => {
    const { numbering } = stream(['Made up [12], real [2].']);
    expect(numbering.text).toBe('Made up [12], real [1].');
    expect(numbering.citations()).toEqual([1]);
  });
});
