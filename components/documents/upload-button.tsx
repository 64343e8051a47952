'use client';

import { useRef } from 'react';
import { Button, type ButtonVariant } from '@/components/ui/button';
import { Upload } from '@/components/ui/icons';
import { useDocuments } from './documents-provider';

const accepted =
  '.pdf,.docx,.md,.markdown,.txt,.html,.htm,application/pdf,text/plain,text/markdown,text/html,application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** Opens the file picker; several files can be chosen at once. */
export function UploadButton({
  variant = 'ghost',
  label = 'Upload',
  className,
}: {
  variant?: ButtonVariant;
  label?: string;
  className?: string;
}) {
  const { upload } = useDocuments();
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <Button
        variant={variant}
        size={variant === 'ghost' ? 'sm' : 'md'}
        className={className}
        onClick={() => input.current?.click()}
      >
        <Upload aria-hidden className="size-3.5" />
        {label}
      </Button>
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
