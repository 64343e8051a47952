'use client';

import { memo, useMemo } from 'react';
import Markdown, { type Components, defaultUrlTransform } from 'react-markdown';
import remarkGfm from 'remark-gfm';
import { CitationChip } from './citation-chip';
import { splitMarkdownBlocks } from './markdown-blocks';
import { remarkCitations } from './remark-citations';

/** Only web and mail links are followed; anything else (javascript:, data:) stays text. */
function safeUrl(url: string): string {
  const kept = defaultUrlTransform(url);
  return /^(https?:|mailto:)/i.test(kept) ? kept : '';
}

const components: Components = {
  a: ({ href, children }) =>
    href ? (
      <a href={href} target="_blank" rel="noopener noreferrer">
        {children}
      </a>
    ) : (
      <span>{children}</span>
    ),
  // Images from an answer would load from anywhere; show them as their link instead.
  img: ({ src, alt }) =>
    typeof src === 'string' && src ? (
      <a href={src} target="_blank" rel="noopener noreferrer">
        {alt || src}
      </a>
    ) : (
      <span>{alt}</span>
    ),
  cite: ({ node }) => <CitationChip n={Number(node?.properties?.dataN)} />,
};

const MarkdownBlock = memo(function MarkdownBlock({
  markdown,
  sourceCount,
}: {
  markdown: string;
  sourceCount: number;
}) {
  return (
    <Markdown
      remarkPlugins={[remarkGfm, [remarkCitations, { sourceCount }]]}
      components={components}
      urlTransform={safeUrl}
    >
      {markdown}
    </Markdown>
  );
});

/**
 * An answer rendered as Markdown (no raw HTML), with [n] as citation chips. Each block is
 * memoised, so while the answer streams only the growing last block is parsed again.
 */
export function AnswerMarkdown({ text, sourceCount }: { text: string; sourceCount: number }) {
  const blocks = useMemo(() => splitMarkdownBlocks(text), [text]);
  return (
    <div className="markdown" data-answer-text>
      {blocks.map((block, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: blocks only grow at the end; an index is their identity
        <MarkdownBlock key={i} markdown={block} sourceCount={sourceCount} />
      ))}
    </div>
  );
}
