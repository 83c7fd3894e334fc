import type { ReactNode } from 'react';
import type { FormController } from '../../lib/forms';
import { useI18n } from '../../lib/i18n';
import { RequiredMark } from '../../ui/Field';

/** A group of radio buttons in a fieldset (the legend names the group); errors and hints are tied to it. */
export function RadioGroup({
  form,
  name,
  legend,
  hint,
  required,
  options,
  value,
  onChange,
  inline = false,
}: {
  form: FormController;
  name: string;
  legend: ReactNode;
  hint?: ReactNode;
  required?: boolean;
  options: { value: string; label: ReactNode }[];
  value: string;
  onChange(value: string): void;
  inline?: boolean;
}) {
  const { t } = useI18n();
  const id = form.idOf(name);
  const error = form.errors.fields[name];
  const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <fieldset id={id} tabIndex={-1} aria-describedby={describedBy} className="flex min-w-0 flex-col gap-1">
      <legend className="mb-1 text-std-16B-170">
        {legend}
        <RequiredMark required={required} />
      </legend>
      {hint ? (
        <p id={`${id}-hint`} className="text-dns-14N-130 text-solid-gray-700">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={`${id}-error`} className="text-dns-16B-130 text-red-900">
          <span className="sr-only">{t.common.errorPrefix}</span>
          {error}
        </p>
      ) : null}
      <ul className={`flex gap-x-6 gap-y-1 ${inline ? 'flex-row flex-wrap' : 'flex-col'} ${error ? 'rounded-8 border-2 border-red-900 p-2' : ''}`}>
        {options.map((o) => {
          const optionId = `${id}-${o.value}`;
          return (
            <li key={o.value} className="flex items-start gap-2 py-1">
              <input
                id={optionId}
                type="radio"
                name={name}
                value={o.value}
                checked={value === o.value}
                onChange={() => onChange(o.value)}
                className="mt-1 size-5 shrink-0 accent-blue-900"
              />
              <label htmlFor={optionId} className="text-std-16N-170">
                {o.label}
              </label>
            </li>
          );
        })}
      </ul>
    </fieldset>
  );
}

/** Checkboxes laid out in columns, all visible at once (the 13 categories of a worry are chosen at a glance). */
export function CheckboxGrid({
  form,
  name,
  legend,
  hint,
  required,
  options,
  value,
  onChange,
}: {
  form: FormController;
  name: string;
  legend: ReactNode;
  hint?: ReactNode;
  required?: boolean;
  options: { value: string; label: ReactNode }[];
  value: readonly string[];
  onChange(value: string[]): void;
}) {
  const { t } = useI18n();
  const id = form.idOf(name);
  const error = form.errors.fields[name];
  const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  const toggle = (v: string, on: boolean) => onChange(on ? [...value, v] : value.filter((x) => x !== v));
  return (
    <fieldset id={id} tabIndex={-1} aria-describedby={describedBy} className="flex min-w-0 flex-col gap-1">
      <legend className="mb-1 text-std-16B-170">
        {legend}
        <RequiredMark required={required} />
      </legend>
      {hint ? (
        <p id={`${id}-hint`} className="text-dns-14N-130 text-solid-gray-700">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={`${id}-error`} className="text-dns-16B-130 text-red-900">
          <span className="sr-only">{t.common.errorPrefix}</span>
          {error}
        </p>
      ) : null}
      <ul className={`grid gap-x-4 gap-y-1 rounded-8 border p-3 sm:grid-cols-2 lg:grid-cols-3 ${error ? 'border-2 border-red-900' : 'border-solid-gray-420'}`}>
        {options.map((o) => {
          const optionId = `${id}-${o.value}`;
          return (
            <li key={o.value} className="flex items-start gap-3 py-1">
              <input
                id={optionId}
                type="checkbox"
                name={name}
                value={o.value}
                checked={value.includes(o.value)}
                onChange={(e) => toggle(o.value, e.target.checked)}
                className="mt-1 size-5 shrink-0 accent-blue-900"
              />
              <label htmlFor={optionId} className="text-std-16N-170">
                {o.label}
              </label>
            </li>
          );
        })}
      </ul>
    </fieldset>
  );
}
