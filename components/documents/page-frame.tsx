'use client';

import { type ReactNode, type Ref, type RefObject, useState } from 'react';
import { Loader2 } from '@/components/ui/icons';

/**
 * The scrolling frame a page of a PDF or a picture is shown in (pinches land on it), saying which
 * page is opening while it is.
 */
export function PageFrame({
  ref,
  page,
  opening,
  children,
}: {
  ref: Ref<HTMLDivElement>;
  page: number;
  opening: boolean;
  children: ReactNode;
}) {
  return (
    <div
      ref={ref}
      className="relative min-h-0 flex-1 touch-pan-x touch-pan-y overflow-auto bg-muted p-2 sm:p-3"
    >
      {opening && (
        <p className="absolute inset-x-0 top-6 flex items-center justify-center gap-2 text-sm text-muted-foreground">
          <Loader2 aria-hidden className="size-4 animate-spin" /> Opening page {page}…
        </p>
      )}
      {children}
    </div>
  );
}

/**
 * The page shown in `frame`, and turning to another, which is shown from its top as a new page
 * is (where the passage is on it, its marks then scroll it into view).
 */
export function usePageTurning(initialPage: number, frame: RefObject<HTMLElement | null>) {
  const [pageNumber, setPageNumber] = useState(initialPage);
  const turnTo = (page: number) => {
    setPageNumber(page);
    frame.current?.scrollTo(0, 0);
  };
  return { pageNumber, turnTo };
}
