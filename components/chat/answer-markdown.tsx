'use client';

import { memo, useMemo } from 'react';
import { MarkdownBlock } from './markdown';
import { splitMarkdownBlocks } from './markdown-blocks';

const MemoBlock = memo(MarkdownBlock);

/**
 * A streaming answer as Markdown. Each block is memoised, so while the answer grows only its
 * last block is parsed again. Loaded on demand: the chat page's first load does not carry it.
 */
export default function AnswerMarkdown({
  text,
  sourceCount,
}: {
  text: string;
  sourceCount: number;
}) {
  const blocks = useMemo(() => splitMarkdownBlocks(text), [text]);
  return (
    <div className="markdown" data-answer-text>
      {blocks.map((block, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: blocks only grow at the end; an index is their identity
        <MemoBlock key={i} markdown={block} sourceCount={sourceCount} />
      ))}
    </div>
  );
}
