'use client';

import type { ReactNode } from 'react';
import { Button, type ButtonSize } from '@/components/ui/button';
import { ChevronLeft, ChevronRight, ZoomIn, ZoomOut } from '@/components/ui/icons';
import { zoomSteps } from './use-pinch-zoom';

/**
 * The bar above a page of a PDF or a picture: turning its pages ("Page 2 of 10") and zooming
 * (1 fits the page to the width). `pages` is unknown until the file is opened; the page can be
 * named before that, but not turned.
 */
export function PageToolbar({
  page,
  pages,
  onTurn,
  zoom,
  onZoom,
}: {
  page: number;
  pages: number | undefined;
  onTurn: (page: number) => void;
  zoom: number;
  onZoom: (zoom: number) => void;
}) {
  const canTurnTo = (to: number) => pages !== undefined && to >= 1 && to <= pages;
  return (
    <div className="flex shrink-0 items-center justify-center gap-0.5 border-b py-1.5 text-sm whitespace-nowrap sm:gap-2">
      <BarButton
        label="Previous page"
        keys={{ shortcuts: 'ArrowLeft PageUp', hint: '← or Page Up; Home: first page' }}
        onPress={canTurnTo(page - 1) ? () => onTurn(page - 1) : undefined}
      >
        <ChevronLeft aria-hidden />
      </BarButton>
      {/* Read out whole on each turn ("Page 2 of 10"), not just the number that changed. */}
      <span aria-live="polite" aria-atomic className="tabular-nums">
        Page {page}
        {pages !== undefined && ` of ${pages}`}
      </span>
      <BarButton
        label="Next page"
        keys={{ shortcuts: 'ArrowRight PageDown', hint: '→ or Page Down; End: last page' }}
        onPress={canTurnTo(page + 1) ? () => onTurn(page + 1) : undefined}
      >
        <ChevronRight aria-hidden />
      </BarButton>
      <span className="mx-0.5 h-5 w-px bg-border sm:mx-1" aria-hidden />
      <BarButton
        label="Zoom out"
        onPress={zoom > zoomSteps.min ? () => onZoom(zoom / zoomSteps.factor) : undefined}
      >
        <ZoomOut aria-hidden />
      </BarButton>
      <output className="w-11 text-center tabular-nums" aria-label="Zoom">
        {Math.round(zoom * 100)}%
      </output>
      <BarButton
        label="Zoom in"
        onPress={zoom < zoomSteps.max ? () => onZoom(zoom * zoomSteps.factor) : undefined}
      >
        <ZoomIn aria-hidden />
      </BarButton>
      <BarButton label="Fit width" size="sm" onPress={zoom !== 1 ? () => onZoom(1) : undefined}>
        Fit
      </BarButton>
    </div>
  );
}

/**
 * A button of the bar, unavailable without `onPress` (at the first or last page, the least or
 * most zoom). It stays focusable then (aria-disabled, not disabled): a person pressing it from
 * the keyboard keeps their place in the bar at the end, where a disabled button would drop focus.
 * Its `keys` (see usePageKeys) are announced with it and shown in its tooltip.
 */
function BarButton({
  label,
  keys,
  size = 'icon',
  onPress,
  children,
}: {
  label: string;
  keys?: { shortcuts: string; hint: string };
  size?: ButtonSize;
  onPress: (() => void) | undefined;
  children: ReactNode;
}) {
  return (
    <Button
      variant="ghost"
      size={size}
      aria-label={label}
      aria-keyshortcuts={keys?.shortcuts}
      title={keys && `${label} (${keys.hint})`}
      aria-disabled={!onPress}
      className="aria-disabled:cursor-default aria-disabled:opacity-50 aria-disabled:hover:bg-transparent"
      onClick={onPress}
    >
      {children}
    </Button>
  );
}
