import type { ButtonHTMLAttributes } from 'react';
import { cn } from './cn';

const variants = {
  primary: 'bg-primary text-primary-foreground hover:bg-primary/85',
  ghost: 'hover:bg-muted',
  outline: 'border border-input bg-background hover:bg-muted',
  destructive: 'bg-destructive text-white hover:bg-destructive/85 dark:text-zinc-950',
};

const sizes = {
  md: 'h-9 px-3 text-sm',
  sm: 'h-7 px-2 text-xs',
  /** A square button holding only an icon; give it an aria-label. */
  icon: 'size-8 p-0',
};

export type ButtonVariant = keyof typeof variants;
export type ButtonSize = keyof typeof sizes;

/** Button looks, for links and labels that should look like buttons too. */
export function buttonStyles(
  variant: ButtonVariant = 'primary',
  className?: string,
  size: ButtonSize = 'md',
) {
  return cn(
    'inline-flex shrink-0 cursor-pointer items-center justify-center gap-1.5 rounded-md font-medium whitespace-nowrap transition-colors',
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
}: ButtonHTMLAttributes<HTMLButtonElement> & { variant?: ButtonVariant; size?: ButtonSize }) {
  return <button type="button" className={buttonStyles(variant, className, size)} {...props} />;
}
