/**
 * What a tooltip shows and when: shared by `Tooltip`, which decides when to load the Radix
 * tooltip, and the Radix tooltip itself (tooltip-impl.tsx).
 */
import type { ReactNode } from 'react';

export interface TooltipProps {
  content: ReactNode;
  side?: 'top' | 'right' | 'bottom' | 'left';
  className?: string;
}

/** How long the pointer rests on a trigger before its tooltip shows. */
export const tooltipDelay = 250;
/** After a tooltip closes, the next one within this time shows at once (Radix's skip delay). */
const skipDelay = 300;

let openTooltips = 0;
let lastClosed = 0;

/** Whether a tooltip is open or has just closed, so the next one should not wait. */
export const tooltipWarmth = {
  warm: () => openTooltips > 0 || Date.now() - lastClosed < skipDelay,
  opened() {
    openTooltips += 1;
  },
  closed() {
    openTooltips -= 1;
    lastClosed = Date.now();
  },
};
