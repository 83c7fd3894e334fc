import type { ReactNode } from 'react';
import type { FormController } from '../lib/forms';
import { useI18n } from '../lib/i18n';

/**
 * The summary at the top of a form after a failed submit: it takes focus, says what went
 * wrong, and links to each field with a problem.
 */
export function ErrorSummary({ form, labels }: { form: FormController; labels: Record<string, ReactNode> }) {
  const { t } = useI18n();
  const { fields, general } = form.errors;
  const entries = Object.entries(fields);
  if (!general && entries.length === 0) return null;
  const headingId = `${form.idOf('summary')}-title`;
  return (
    <div
      ref={form.summaryRef}
      tabIndex={-1}
      role="alert"
      aria-labelledby={headingId}
      className="rounded-8 border-2 border-red-900 bg-white p-4"
      data-testid="error-summary"
    >
      <h2 id={headingId} className="text-std-18B-160 text-red-900">
        {t.common.errorSummaryTitle}
      </h2>
      {general ? <p className="mt-1 text-std-16N-170 text-solid-gray-900">{general}</p> : null}
      {entries.length > 0 ? (
        <ul className="mt-2 list-disc pl-6">
          {entries.map(([name, message]) => (
            <li key={name}>
              <a
                href={`#${form.idOf(name)}`}
                className="text-red-900"
                onClick={(e) => {
                  e.preventDefault();
                  const el = document.getElementById(form.idOf(name));
                  el?.focus();
                  el?.scrollIntoView({ block: 'center' });
                }}
              >
                {labels[name] ?? name}：{message}
              </a>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
