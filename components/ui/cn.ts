import { type ClassValue, clsx } from 'clsx';

/**
 * Joins class names. It does not resolve Tailwind conflicts (tailwind-merge would add 8 KB to
 * every page): components offer variants and sizes instead of classes that override theirs.
 */
export const cn = (...classes: ClassValue[]) => clsx(classes);
