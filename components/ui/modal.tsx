'use client';

import { whenOpen } from './on-demand';

/**
 * A modal dialog or sheet (`DialogContent`'s props, with `open` and `onOpenChange`), whose
 * module and Radix primitives load the first time it opens.
 */
export const Modal = whenOpen(() => import('./dialog').then((m) => m.DialogWithContent));
