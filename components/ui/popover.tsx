'use client';

import { Popover as PopoverPrimitive } from 'radix-ui';
import type { ComponentProps, ReactNode } from 'react';
import { cn } from './cn';
import type { OnDemandProps } from './on-demand';

/** A popover's root and trigger, for a popover loaded on demand (see `onDemand`). */
export function Popover({
  trigger,
  defaultOpen,
  triggerRef,
  children,
}: OnDemandProps & { children: ReactNode }) {
  return (
    <PopoverPrimitive.Root defaultOpen={defaultOpen}>
      <PopoverPrimitive.Trigger asChild ref={triggerRef}>
        {trigger}
      </PopoverPrimitive.Trigger>
      {children}
    </PopoverPrimitive.Root>
  );
}

export function PopoverContent({
  className,
  ...props
}: ComponentProps<typeof PopoverPrimitive.Content>) {
  return (
    <PopoverPrimitive.Portal>
      <PopoverPrimitive.Content
        sideOffset={6}
        collisionPadding={8}
        className={cn(
          'z-50 w-72 rounded-lg border bg-popover p-3 text-sm shadow-lg outline-none',
          className,
        )}
        {...props}
      />
    </PopoverPrimitive.Portal>
  );
}
