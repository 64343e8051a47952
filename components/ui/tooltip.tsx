'use client';

import { onDemand } from './on-demand';
import { type TooltipProps, tooltipDelay, tooltipWarmth } from './tooltip-options';

export type { TooltipProps } from './tooltip-options';

/**
 * Shown on hover and on keyboard focus, and announced as the trigger's description. The
 * trigger renders at once; the Radix tooltip loads when the pointer or focus first reaches it.
 */
export const Tooltip = onDemand<TooltipProps>(
  () => import('./tooltip-impl').then((m) => m.TooltipImpl),
  { opens: 'hover', delay: () => (tooltipWarmth.warm() ? 0 : tooltipDelay) },
);
