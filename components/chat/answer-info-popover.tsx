'use client';

import type { OnDemandProps } from '@/components/ui/on-demand';
import { Popover, PopoverContent } from '@/components/ui/popover';

/** The popover behind AnswerInfo; loaded when its trigger is first reached. */
export function AnswerInfoPopover({
  rows,
  ...popover
}: OnDemandProps & { rows: Array<[string, string]> }) {
  return (
    <Popover {...popover}>
      <PopoverContent aria-label="About this answer" align="start">
        <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1">
          {rows.map(([term, value]) => (
            <div key={term} className="contents">
              <dt className="text-muted-foreground">{term}</dt>
              <dd className="text-right tabular-nums">{value}</dd>
            </div>
          ))}
        </dl>
      </PopoverContent>
    </Popover>
  );
}
