import { describe, expect, it } from 'vitest';
import { pageText, type TextRun } from '@/lib/documents/parse/pdf-layout';

/** A run whose width is roughly what 10 pt Helvetica would give it. */
const run = (text: string, x: number, y: number, fontSize = 10): TextRun => ({
  text,
  x,
  y,
  width: text.length * fontSize * 0.5,
  fontSize,
});

describe('pageText', () => {
  it('joins wrapped lines into one paragraph, keeping the break after a hyphen for the document to mend', () => {
    const text = pageText([
      run('Dense passage retrie-', 72, 100),
      run('val works better than', 72, 112),
      run('sparse retrieval here.', 72, 124),
    ]);
    expect(text).toBe('Dense passage retrie-\nval works better than sparse retrieval here.');
  });

  it('starts a paragraph at a wider gap or a change of font size', () => {
    const text = pageText([
      run('Results', 72, 80, 14),
      run('The first paragraph starts', 72, 100),
      run('and goes on for a while.', 72, 112),
      run('The second one is after', 72, 140),
      run('a gap between the two.', 72, 152),
    ]);
    expect(text).toBe(
      'Results\n\nThe first paragraph starts and goes on for a while.\n\nThe second one is after a gap between the two.',
    );
  });

  it('keeps a superscript on its line and puts words in left-to-right order', () => {
    const text = pageText([run('world', 103, 100), run('Hello', 72, 100), run('1', 97, 97, 6)]);
    expect(text).toBe('Hello1 world');
  });

  it('drops a run printed twice to fake bold', () => {
    expect(pageText([run('Bold', 72, 100), run('Bold', 72.3, 100), run('text', 95, 100)])).toBe(
      'Bold text',
    );
  });
});
