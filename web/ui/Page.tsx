import { useEffect, useRef, type ReactNode } from 'react';
import { hasNavigated } from '../lib/router';
import { useI18n } from '../lib/i18n';

/**
 * One page: its <h1>, and the document title. After moving between pages the heading
 * takes focus, so a screen reader announces the new page and Tab starts from it.
 */
export function Page({ title, heading, lead, children, wide = true }: { title: string; heading?: ReactNode; lead?: ReactNode; children?: ReactNode; wide?: boolean }) {
  const { t } = useI18n();
  const h1 = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${title} | ${t.product}`;
  }, [title, t.product]);
  useEffect(() => {
    if (hasNavigated()) h1.current?.focus();
  }, []);
  return (
    <div className={`flex flex-col gap-6 ${wide ? '' : 'max-w-2xl'}`}>
      <div className="flex flex-col gap-2">
        <h1 ref={h1} tabIndex={-1} className="text-std-28B-150 text-solid-gray-900 md:text-std-32B-150">
          {heading ?? title}
        </h1>
        {lead ? <p className="max-w-3xl text-std-16N-170 text-solid-gray-800">{lead}</p> : null}
      </div>
      {children}
    </div>
  );
}

/** A titled block of a page. */
export function Section({ title, children, id, actions }: { title: ReactNode; children?: ReactNode; id?: string; actions?: ReactNode }) {
  const headingId = id ? `${id}-title` : undefined;
  return (
    <section id={id} aria-labelledby={headingId} className="flex flex-col gap-4 rounded-12 border border-solid-gray-420 bg-white p-3 sm:p-4 md:p-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h2 id={headingId} tabIndex={-1} className="text-std-22B-150 text-solid-gray-900">
          {title}
        </h2>
        {actions}
      </div>
      {children}
    </section>
  );
}

/** A wide table scrolls inside its own box so the page never scrolls sideways on a phone. */
export function TableScroll({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div role="region" aria-label={label} tabIndex={0} className="w-full overflow-x-auto rounded-8 border border-solid-gray-420">
      {children}
    </div>
  );
}

export const TH = '[overflow-wrap:break-word] border-b-2 border-solid-gray-600 bg-solid-gray-50 px-3 py-2 text-left align-bottom text-dns-16B-130 whitespace-nowrap';
export const TD = '[overflow-wrap:break-word] border-b border-solid-gray-200 px-3 py-2 align-top text-dns-16N-130';

export function Loading() {
  const { t } = useI18n();
  return (
    <p role="status" className="text-std-16N-170 text-solid-gray-700">
      {t.common.loading}
    </p>
  );
}
