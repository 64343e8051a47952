'use client';

import { useCallback, useEffect, useRef, useState } from 'react';

/** How close to the bottom still counts as reading the end. */
const slackPx = 48;

/**
 * Keeps a scroll container at its bottom while its content grows, until the person scrolls up;
 * scrolling back down (or calling scrollToBottom) resumes following.
 */
export function useFollowScroll<Scroller extends HTMLElement, Content extends HTMLElement>() {
  const scroller = useRef<Scroller>(null);
  const content = useRef<Content>(null);
  const following = useRef(true);
  const [atBottom, setAtBottom] = useState(true);

  const scrollToBottom = useCallback((behavior: ScrollBehavior = 'instant') => {
    const el = scroller.current;
    if (!el) return;
    following.current = true;
    setAtBottom(true);
    el.scrollTo({ top: el.scrollHeight, behavior });
  }, []);

  useEffect(() => {
    const el = scroller.current;
    const inner = content.current;
    if (!el || !inner) return;
    const onScroll = () => {
      const bottom = el.scrollHeight - el.scrollTop - el.clientHeight <= slackPx;
      following.current = bottom;
      setAtBottom(bottom);
    };
    // Growth does not fire scroll events, so a following view stays following.
    const growth = new ResizeObserver(() => {
      if (following.current) el.scrollTop = el.scrollHeight;
    });
    el.addEventListener('scroll', onScroll, { passive: true });
    growth.observe(inner);
    el.scrollTop = el.scrollHeight;
    return () => {
      el.removeEventListener('scroll', onScroll);
      growth.disconnect();
    };
  }, []);

  return { scroller, content, atBottom, scrollToBottom };
}
