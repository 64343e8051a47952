'use client';

import { type Ref, useRef } from 'react';
import { Button, type ButtonVariant } from '@/components/ui/button';
import { Paperclip, Upload } from '@/components/ui/icons';
import { Tooltip } from '@/components/ui/tooltip';
import { useDocuments } from './documents-provider';

/** What the file picker offers; the server still decides each file's type from its bytes. */
const accepted = [
  '.pdf',
  '.docx',
  '.odt',
  '.rtf',
  '.pptx',
  '.odp',
  '.xlsx',
  '.ods',
  '.csv',
  '.tsv',
  '.epub',
  '.md',
  '.markdown',
  '.txt',
  '.html',
  '.htm',
  '.png',
  '.jpg',
  '.jpeg',
  '.tif',
  '.tiff',
  '.webp',
].join(',');

/**
 * Opens the file picker; several files can be chosen at once. As an `icon`, a paperclip named
 * by its label (the composer's).
 */
export function UploadButton({
  variant = 'ghost',
  label = 'Upload',
  className,
  ref,
}: {
  variant?: ButtonVariant | 'icon';
  label?: string;
  className?: string;
  /** The button (not the icon variant's): where focus goes when the library empties. */
  ref?: Ref<HTMLButtonElement>;
}) {
  const { upload } = useDocuments();
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      {variant === 'icon' ? (
        <Tooltip
          content={label}
          trigger={
            <Button
              variant="ghost"
              size="round"
              aria-label={label}
              className={className}
              onClick={() => input.current?.click()}
            >
              <Paperclip aria-hidden />
            </Button>
          }
        />
      ) : (
        <Button
          ref={ref}
          variant={variant}
          size={variant === 'ghost' ? 'sm' : 'md'}
          className={className}
          onClick={() => input.current?.click()}
        >
          <Upload aria-hidden className="size-3.5" />
          {label}
        </Button>
      )}
      <input
        ref={input}
        type="file"
        multiple
        accept={accepted}
        tabIndex={-1}
        aria-label="Upload documents"
        className="sr-only"
        onChange={(e) => {
          if (e.target.files?.length) upload(e.target.files);
          e.target.value = '';
        }}
      />
    </>
  );
}
