'use client';

import type { ReactNode } from 'react';
import { Button } from '@/components/ui/button';
import { X } from '@/components/ui/icons';
import { Modal } from '@/components/ui/modal';
import { useMediaQuery } from '@/components/ui/use-media-query';
import type { Source } from '@/db';
import { SourceCard } from './source-card';

function SourceSection({
  title,
  sources,
  selected,
  onView,
}: {
  title: string;
  sources: Source[];
  selected?: number;
  onView: (source: Source) => void;
}) {
  if (sources.length === 0) return null;
  return (
    <section aria-label={title}>
      <h3 className="mb-2 text-xs font-semibold tracking-wide text-muted-foreground uppercase">
        {title}
      </h3>
      <ol className="space-y-2">
        {sources.map((s) => (
          <li key={s.n}>
            <SourceCard source={s} selected={s.n === selected} onView={onView} />
          </li>
        ))}
      </ol>
    </section>
  );
}

function SourcesList(props: {
  sources: Source[];
  selected?: number;
  onView: (source: Source) => void;
}) {
  const cited = props.sources.filter((s) => s.cited);
  const others = props.sources.filter((s) => !s.cited);
  return (
    <div className="min-h-0 flex-1 space-y-5 overflow-y-auto p-3">
      <SourceSection {...props} title="Cited in the answer" sources={cited} />
      <SourceSection
        {...props}
        title={cited.length > 0 ? 'Also retrieved' : 'Retrieved'}
        sources={others}
      />
    </div>
  );
}

/**
 * The passages behind one answer, cited first. Beside the chat on wide screens, a sheet on
 * narrow ones.
 */
export function SourcesPanel({
  open,
  onOpenChange,
  sources,
  selected,
  onView,
  onCloseAutoFocus,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  sources: Source[];
  selected?: number;
  onView: (source: Source) => void;
  /** Where focus goes when the sheet closes (see DialogContent); by default, to what opened it. */
  onCloseAutoFocus?: (event: Event) => void;
}) {
  const wide = useMediaQuery('(min-width: 1024px)');
  const list = <SourcesList sources={sources} selected={selected} onView={onView} />;
  if (!wide)
    return (
      <Modal
        open={open}
        onOpenChange={onOpenChange}
        onCloseAutoFocus={onCloseAutoFocus}
        placement="right"
        title="Sources"
      >
        {list}
      </Modal>
    );
  if (!open) return null;
  return (
    <Aside title="Sources" onClose={() => onOpenChange(false)}>
      {list}
    </Aside>
  );
}

function Aside({
  title,
  onClose,
  children,
}: {
  title: string;
  onClose: () => void;
  children: ReactNode;
}) {
  return (
    <aside
      aria-label={title}
      className="flex w-[26rem] shrink-0 flex-col border-l bg-sidebar"
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.preventDefault();
          onClose();
        }
      }}
    >
      <div className="flex h-13 shrink-0 items-center justify-between border-b px-3">
        <h2 className="font-semibold">{title}</h2>
        <Button variant="ghost" size="icon" aria-label="Close sources" onClick={onClose}>
          <X aria-hidden />
        </Button>
      </div>
      {children}
    </aside>
  );
}
