import type { ButtonHTMLAttributes } from 'react';
import { cn } from './cn';

const variants = {
  primary:
    'bg-zinc-900 text-white hover:bg-zinc-700 dark:bg-zinc-100 dark:text-zinc-900 dark:hover:bg-zinc-300',
  ghost: 'hover:bg-zinc-100 dark:hover:bg-zinc-800',
  outline: 'border border-zinc-300 hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800',
};

export type ButtonVariant = keyof typeof variants;

/** Button looks, for links that should look like buttons too. */
export function buttonStyles(variant: ButtonVariant = 'primary', className?: string) {
  return cn(
    'inline-flex items-center justify-center gap-1.5 rounded-md px-3 py-1.5 text-sm font-medium transition-colors',
    'focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-500 disabled:opacity-50',
    variants[variant],
    className,
  );
}

export function Button({
  variant,
  className,
  ...props
}: ButtonHTMLAttributes<HTMLButtonElement> & { variant?: ButtonVariant }) {
  return <button type="button" className={buttonStyles(variant, className)} {...props} />;
}
