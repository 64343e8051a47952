'use client';

import { whenOpen } from './on-demand';

/** The confirmation dialog (see confirm-dialog.tsx), loaded the first time one opens. */
export const ConfirmDialog = whenOpen(() =>
  import('./confirm-dialog').then((m) => m.ConfirmDialog),
);
