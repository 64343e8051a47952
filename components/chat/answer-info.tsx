'use client';

import { Button } from '@/components/ui/button';
import { Info } from '@/components/ui/icons';
import { onDemand, popoverTriggerProps } from '@/components/ui/on-demand';
import type { AnswerMetadata } from '@/lib/chat/types';

const AnswerInfoPopover = onDemand<{ rows: Array<[string, string]> }>(
  () => import('./answer-info-popover').then((m) => m.AnswerInfoPopover),
  { opens: 'click', plainProps: popoverTriggerProps },
);

const seconds = (ms: number | undefined) =>
  ms === undefined ? undefined : ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;

/** How an answer was made: model, timings and tokens, on demand. */
export function AnswerInfo({ metadata }: { metadata: AnswerMetadata }) {
  const rows: Array<[string, string | undefined]> = [
    ['Model', metadata.lm && `${metadata.lm.model} (${metadata.lm.provider})`],
    ['Finding passages', seconds(metadata.timings?.retrievalMs)],
    ['First words after', seconds(metadata.timings?.firstTokenMs)],
    ['Total time', seconds(metadata.timings?.totalMs)],
    [
      'Tokens',
      metadata.usage &&
        `${metadata.usage.promptTokens.toLocaleString()} in · ${metadata.usage.completionTokens.toLocaleString()} out`,
    ],
    ['Ended', metadata.status],
  ];
  return (
    <AnswerInfoPopover
      rows={rows.filter((row): row is [string, string] => Boolean(row[1]))}
      trigger={
        <Button variant="ghost" size="icon" aria-label="About this answer">
          <Info aria-hidden />
        </Button>
      }
    />
  );
}
