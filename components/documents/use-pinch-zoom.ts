'use client';

import { type RefObject, useCallback, useEffect, useRef, useState } from 'react';

export const zoomSteps = { min: 0.5, max: 4, factor: 1.25 } as const;

const clamp = (zoom: number) => Math.min(zoomSteps.max, Math.max(zoomSteps.min, zoom));

/**
 * A zoom factor for what is drawn inside `frame` (1 = fit), changed by a pinch: two fingers on
 * a touch screen, or a trackpad pinch, which browsers report as a wheel with Ctrl held.
 */
export function usePinchZoom(frame: RefObject<HTMLElement | null>) {
  const [zoom, setZoomState] = useState(1);
  const current = useRef(zoom);
  const setZoom = useCallback((next: number) => {
    current.current = clamp(next);
    setZoomState(current.current);
  }, []);

  useEffect(() => {
    const element = frame.current;
    if (!element) return;
    const onWheel = (e: WheelEvent) => {
      if (!e.ctrlKey) return;
      e.preventDefault(); // not the browser's own page zoom
      setZoom(current.current * Math.exp(-e.deltaY * 0.01));
    };
    const pointers = new Map<number, { x: number; y: number }>();
    let start: { distance: number; zoom: number } | undefined;
    const distance = () => {
      const [a, b] = [...pointers.values()];
      return Math.hypot(a.x - b.x, a.y - b.y);
    };
    const onDown = (e: PointerEvent) => {
      if (e.pointerType !== 'touch') return;
      pointers.set(e.pointerId, { x: e.clientX, y: e.clientY });
      if (pointers.size === 2) start = { distance: distance(), zoom: current.current };
    };
    const onMove = (e: PointerEvent) => {
      if (!pointers.has(e.pointerId)) return;
      pointers.set(e.pointerId, { x: e.clientX, y: e.clientY });
      if (start && pointers.size === 2 && start.distance > 0) {
        setZoom((start.zoom * distance()) / start.distance);
      }
    };
    const onUp = (e: PointerEvent) => {
      pointers.delete(e.pointerId);
      if (pointers.size < 2) start = undefined;
    };
    element.addEventListener('wheel', onWheel, { passive: false });
    element.addEventListener('pointerdown', onDown);
    element.addEventListener('pointermove', onMove);
    element.addEventListener('pointerup', onUp);
    element.addEventListener('pointercancel', onUp);
    return () => {
      element.removeEventListener('wheel', onWheel);
      element.removeEventListener('pointerdown', onDown);
      element.removeEventListener('pointermove', onMove);
      element.removeEventListener('pointerup', onUp);
      element.removeEventListener('pointercancel', onUp);
    };
  }, [frame, setZoom]);

  return { zoom, setZoom };
}
