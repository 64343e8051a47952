import type { ComponentProps } from 'react';
import { cn } from './cn';

const variants = {
  primary: 'bg-primary text-primary-foreground hover:bg-primary/85',
  ghost: 'hover:bg-muted',
  outline: 'border border-input bg-background hover:bg-muted',
  destructive: 'bg-destructive text-white hover:bg-destructive/85 dark:text-zinc-950',
};

// Each size sets its own height, padding and corners, so no class given here ever has to
// override one of these (cn joins classes; it does not resolve Tailwind conflicts).
const sizes = {
  md: 'h-9 rounded-md px-3 text-sm',
  sm: 'h-7 rounded-md px-2 text-xs',
  /** A square button holding only an icon; give it an aria-label. */
  icon: 'size-8 rounded-md p-0',
  'icon-sm': 'size-7 rounded-md p-0',
  'icon-xs': 'size-6 rounded-md p-0',
  /** Round icon buttons: the composer's send and stop, the jump to the latest answer. */
  round: 'size-9 rounded-full p-0',
  'round-sm': 'size-8 rounded-full p-0',
};

export type ButtonVariant = keyof typeof variants;
export type ButtonSize = keyof typeof sizes;

/** Button looks, for links and labels that should look like buttons too. */
export function buttonStyles(
  variant: ButtonVariant = 'primary',
  className?: string,
  size: ButtonSize = 'md',
  align: 'center' | 'start' = 'center',
) {
  return cn(
    'inline-flex shrink-0 cursor-pointer items-center gap-1.5 font-medium whitespace-nowrap transition-colors',
    align === 'center' ? 'justify-center' : 'justify-start',
    'focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-ring disabled:pointer-events-none disabled:opacity-50',
    "[&_svg:not([class*='size-'])]:size-4",
    variants[variant],
    sizes[size],
    className,
  );
}

export function Button({
  variant,
  size,
  className,
  ...props
}: ComponentProps<'button'> & { variant?: ButtonVariant; size?: ButtonSize }) {
  return <button type="button" className={buttonStyles(variant, className, size)} {...props} />;
}
