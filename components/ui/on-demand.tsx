'use client';

import {
  type ComponentType,
  cloneElement,
  type HTMLAttributes,
  lazy,
  type ReactElement,
  type Ref,
  Suspense,
  type SyntheticEvent,
  useCallback,
  useRef,
  useState,
} from 'react';

/*
 * Radix primitives (with floating-ui, focus scopes, scroll locks) are a large part of a page's
 * first load, yet none of them is on screen until someone reaches for it. These helpers keep
 * them out of the first load: a dialog's module loads the first time it opens; a menu, popover
 * or tooltip renders its trigger as a plain element, and swaps in the real primitive (with the
 * same element as its trigger) once the pointer or focus reaches it, or it is activated.
 */

/** A dialog whose module, primitives and all, loads the first time it opens. */
export function whenOpen<P extends { open: boolean }>(load: () => Promise<ComponentType<P>>) {
  const Lazy = lazy(() => load().then((component) => ({ default: component })));
  // biome-ignore lint/correctness/noComponentHookFactories: made once per primitive at module level, as React.lazy is
  return function WhenOpen(props: P) {
    return props.open ? (
      <Suspense fallback={null}>
        <Lazy {...props} />
      </Suspense>
    ) : null;
  };
}

/** What a closed Radix menu trigger says about itself, for its plain stand-in. */
export const menuTriggerProps = {
  'aria-haspopup': 'menu',
  'aria-expanded': false,
  'data-state': 'closed',
};
/** The same for a popover's trigger. */
export const popoverTriggerProps = {
  'aria-haspopup': 'dialog',
  'aria-expanded': false,
  'data-state': 'closed',
};

/** What a primitive loaded on demand receives besides its own props. */
export interface OnDemandProps {
  /** The trigger element, for the primitive's Trigger (asChild). */
  trigger: ReactElement;
  /** Open at once: the plain trigger was used before the primitive had loaded. */
  defaultOpen: boolean;
  /** For the primitive's Trigger, so focus can pass to it from the plain element it replaces. */
  triggerRef: (element: HTMLElement | null) => void;
}

type TriggerElement = ReactElement<HTMLAttributes<HTMLElement> & { ref?: Ref<HTMLElement> }>;

function compose<E extends SyntheticEvent>(
  theirs: ((event: E) => void) | undefined,
  ours: (event: E) => void,
) {
  return (event: E) => {
    theirs?.(event);
    if (!event.defaultPrevented) ours(event);
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A primitive opened by its trigger, loaded on demand.
 * - `pointerdown` (menus) and `click` (popovers) open as their Radix triggers do. The pointer
 *   reaching the trigger, or focus, loads the primitive and swaps it in closed (never while a
 *   press is under way, so a press and its click land on one element); using the plain trigger
 *   before that (press, click, Enter, Space, ArrowDown) swaps it in open.
 * - `hover` (tooltips): resting the pointer on the trigger for `delay()` ms, or focusing it
 *   other than by a press, swaps the primitive in open, as Radix itself would have opened it.
 */
export function onDemand<P extends object>(
  load: () => Promise<ComponentType<P & OnDemandProps>>,
  {
    opens,
    delay = () => 0,
    plainProps,
  }: {
    opens: 'pointerdown' | 'click' | 'hover';
    delay?: () => number;
    /** What the real trigger says about itself while closed (aria-haspopup and the like). */
    plainProps?: Record<string, unknown>;
  },
) {
  let Loaded: ComponentType<P & OnDemandProps> | undefined;
  let loading: Promise<void> | undefined;
  const ensure = () =>
    (loading ??= load().then((component) => {
      Loaded = component;
    }));

  // biome-ignore lint/correctness/noComponentHookFactories: made once per primitive at module level, as React.lazy is
  return function OnDemand({ trigger, ...props }: P & { trigger: TriggerElement }) {
    const [state, setState] = useState<{ open: boolean }>();
    const plain = useRef<HTMLElement>(null);
    const focusPending = useRef(false);
    const wanted = useRef({ hover: false, focus: false, pointerDown: false });

    const swap = useCallback((open: boolean) => {
      // The plain trigger is about to be replaced: if it has focus, the real one takes it.
      if (plain.current && plain.current === document.activeElement) focusPending.current = true;
      setState((s) => ({ open: open || Boolean(s?.open) }));
    }, []);
    const triggerRef = useCallback((element: HTMLElement | null) => {
      if (element && focusPending.current) {
        focusPending.current = false;
        element.focus({ preventScroll: true });
      }
    }, []);

    if (state && Loaded) {
      return (
        <Loaded
          {...(props as P)}
          // Only a race (used while loading) can turn a closed swap into an open one.
          key={String(state.open)}
          trigger={trigger}
          defaultOpen={state.open}
          triggerRef={triggerRef}
        />
      );
    }

    const p = trigger.props;
    const pressed = () => {
      wanted.current.pointerDown = true;
      document.addEventListener(
        'pointerup',
        () => {
          wanted.current.pointerDown = false;
        },
        { once: true },
      );
    };
    const intent = () =>
      void ensure().then(() => {
        if (!wanted.current.pointerDown) swap(false);
      });
    const use = () => void ensure().then(() => swap(true));
    const handlers: HTMLAttributes<HTMLElement> =
      opens !== 'hover'
        ? {
            onPointerEnter: compose(p.onPointerEnter, intent),
            onFocus: compose(p.onFocus, intent),
            onPointerDown: compose(p.onPointerDown, (e) => {
              pressed();
              if (opens === 'pointerdown' && e.button === 0 && !e.ctrlKey) use();
            }),
            onClick: compose(p.onClick, use),
            onKeyDown: compose(p.onKeyDown, (e) => {
              if (e.key !== 'ArrowDown' || opens !== 'pointerdown') return;
              e.preventDefault();
              use();
            }),
          }
        : {
            onPointerEnter: compose(p.onPointerEnter, (e) => {
              if (e.pointerType === 'touch') return;
              wanted.current.hover = true;
              void Promise.all([ensure(), sleep(delay())]).then(
                () => wanted.current.hover && swap(true),
              );
            }),
            onPointerLeave: compose(p.onPointerLeave, () => {
              wanted.current.hover = false;
            }),
            onPointerDown: compose(p.onPointerDown, () => {
              // As Radix does: pressing closes a tooltip, and focus from a press opens none.
              wanted.current.hover = false;
              pressed();
            }),
            onFocus: compose(p.onFocus, () => {
              if (wanted.current.pointerDown) return;
              wanted.current.focus = true;
              void ensure().then(() => wanted.current.focus && swap(true));
            }),
            onBlur: compose(p.onBlur, () => {
              wanted.current.focus = false;
            }),
          };
    return cloneElement(trigger, { ...plainProps, ...handlers, ref: plain });
  };
}
