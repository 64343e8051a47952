'use client';

import { Tooltip as TooltipPrimitive } from 'radix-ui';
import { useEffect, useRef, useState } from 'react';
import { cn } from './cn';
import type { OnDemandProps } from './on-demand';
import { type TooltipProps, tooltipDelay, tooltipWarmth } from './tooltip-options';

/**
 * The Radix tooltip behind `Tooltip`. Each has its own provider (there is no app-wide one to
 * keep Radix out of the first load), so the skip delay between neighbouring tooltips is kept
 * by `tooltipWarmth` instead.
 */
export function TooltipImpl({
  content,
  side,
  className,
  trigger,
  defaultOpen,
  triggerRef,
}: TooltipProps & OnDemandProps) {
  const [open, setOpen] = useState(defaultOpen);
  const moved = useRef(false);
  useEffect(() => {
    if (!open) return;
    tooltipWarmth.opened();
    return () => tooltipWarmth.closed();
  }, [open]);
  return (
    <TooltipPrimitive.Provider delayDuration={tooltipDelay}>
      <TooltipPrimitive.Root open={open} onOpenChange={setOpen}>
        <TooltipPrimitive.Trigger
          asChild
          ref={triggerRef}
          onPointerMove={(e) => {
            // Radix opens on the first move over the trigger; right after another tooltip, at once.
            if (e.pointerType === 'touch' || moved.current) return;
            moved.current = true;
            if (!open && tooltipWarmth.warm()) setOpen(true);
          }}
          onPointerLeave={() => {
            moved.current = false;
          }}
        >
          {trigger}
        </TooltipPrimitive.Trigger>
        <TooltipPrimitive.Portal>
          <TooltipPrimitive.Content
            side={side}
            sideOffset={6}
            collisionPadding={8}
            className={cn(
              'z-50 max-w-xs rounded-md border bg-popover px-3 py-2 text-xs text-foreground shadow-lg',
              className,
            )}
          >
            {content}
          </TooltipPrimitive.Content>
        </TooltipPrimitive.Portal>
      </TooltipPrimitive.Root>
    </TooltipPrimitive.Provider>
  );
}
