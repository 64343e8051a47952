'use client';

import { Progress as ProgressPrimitive } from 'radix-ui';
import { cn } from './cn';

/** A thin bar; without a value it shows that work is going on without saying how much. */
export function Progress({
  value,
  label,
  className,
}: {
  /** 0 to 100, or undefined when unknown. */
  value?: number;
  label: string;
  className?: string;
}) {
  return (
    <ProgressPrimitive.Root
      aria-label={label}
      value={value ?? null}
      max={100}
      className={cn('relative h-1.5 w-full overflow-hidden rounded-full bg-muted', className)}
    >
      <ProgressPrimitive.Indicator
        className={cn(
          'h-full bg-accent-foreground transition-[width] duration-200',
          value === undefined && 'w-1/3 animate-pulse',
        )}
        style={value === undefined ? undefined : { width: `${value}%` }}
      />
    </ProgressPrimitive.Root>
  );
}
