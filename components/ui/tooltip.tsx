'use client';

import type { ReactNode } from 'react';
import { onDemand } from './on-demand';

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

/**
 * Shown on hover and on keyboard focus, and announced as the trigger's description. The
 * trigger renders at once; the Radix tooltip loads when the pointer or focus first reaches it.
 */
export const Tooltip = onDemand<TooltipProps>(
  () => import('./tooltip-impl').then((m) => m.TooltipImpl),
  { opens: 'hover', delay: () => (tooltipWarmth.warm() ? 0 : tooltipDelay) },
);
