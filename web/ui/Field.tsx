import type { ComponentProps, ReactNode } from 'react';
import { formatWareki } from '../../core/japanese/wareki';
import { useI18n } from '../lib/i18n';
import type { FormController } from '../lib/forms';

const CONTROL =
  'block w-full rounded-8 border border-solid-gray-600 bg-white px-4 py-3 text-std-16N-170 leading-150 text-solid-gray-900 hover:border-black aria-[invalid=true]:border-2 aria-[invalid=true]:border-red-900';

/** 必須 / 任意 written out, not only shown by colour or an asterisk. */
export function RequiredMark({ required }: { required?: boolean }) {
  const { t } = useI18n();
  if (!required) return null;
  return <span className="ml-2 inline-block rounded-4 bg-red-50 px-1.5 py-0.5 align-middle text-dns-14B-120 text-red-900">{t.common.required}</span>;
}

interface FieldShellProps {
  form: FormController;
  name: string;
  label: ReactNode;
  hint?: ReactNode;
  required?: boolean;
  children(props: { id: string; describedBy: string | undefined; invalid: boolean }): ReactNode;
}

/** Label, hint and error around one control; the control is described by the hint and the error. */
export function FieldShell({ form, name, label, hint, required, children }: FieldShellProps) {
  const { t } = useI18n();
  const id = form.idOf(name);
  const error = form.errors.fields[name];
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined;
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="text-std-16B-170 text-solid-gray-900">
        {label}
        <RequiredMark required={required} />
      </label>
      {hint ? (
        <p id={hintId} className="text-dns-14N-130 text-solid-gray-700">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={errorId} className="text-dns-16B-130 text-red-900">
          <span className="sr-only">{t.common.errorPrefix}</span>
          {error}
        </p>
      ) : null}
      {children({ id, describedBy, invalid: Boolean(error) })}
    </div>
  );
}

type Common = { form: FormController; name: string; label: ReactNode; hint?: ReactNode; required?: boolean; width?: string };

export function TextField({ form, name, label, hint, required, width = '', className = '', ...input }: Common & Omit<ComponentProps<'input'>, 'name' | 'form'>) {
  const { t, locale } = useI18n();
  // A date picker shows the Western calendar; the date it holds is read back in 和暦 underneath.
  const wareki = (input.type === 'date' || input.type === 'datetime-local') && locale === 'ja' && typeof input.value === 'string' ? warekiOf(input.value) : null;
  return (
    <FieldShell form={form} name={name} label={label} hint={hint} required={required}>
      {({ id, describedBy, invalid }) => (
        <>
          <input
            id={id}
            name={name}
            aria-describedby={[describedBy, wareki ? `${id}-wareki` : ''].filter(Boolean).join(' ') || undefined}
            aria-invalid={invalid || undefined}
            aria-required={required || undefined}
            className={`${CONTROL} ${width} ${className}`}
            {...input}
          />
          {wareki ? (
            <p id={`${id}-wareki`} className="text-dns-14N-130 text-solid-gray-800" data-testid="date-wareki">
              {t.common.wareki(wareki)}
            </p>
          ) : null}
        </>
      )}
    </FieldShell>
  );
}

/** 令和8年11月27日 (14:05) for a complete date or date and time, else nothing (an empty or half-typed box). */
function warekiOf(value: string): string | null {
  const m = /^(\d{4}-\d{2}-\d{2})(?:T(\d{2}:\d{2}))?$/.exec(value);
  if (!m?.[1]) return null;
  try {
    return `${formatWareki(m[1])}${m[2] ? ` ${m[2]}` : ''}`;
  } catch {
    return null;
  }
}

export function TextArea({ form, name, label, hint, required, className = '', ...input }: Common & Omit<ComponentProps<'textarea'>, 'name' | 'form'>) {
  return (
    <FieldShell form={form} name={name} label={label} hint={hint} required={required}>
      {({ id, describedBy, invalid }) => (
        <textarea
          id={id}
          name={name}
          rows={3}
          aria-describedby={describedBy}
          aria-invalid={invalid || undefined}
          aria-required={required || undefined}
          className={`${CONTROL} ${className}`}
          {...input}
        />
      )}
    </FieldShell>
  );
}

export function SelectField({
  form,
  name,
  label,
  hint,
  required,
  width = '',
  options,
  groups = [],
  placeholder,
  className = '',
  ...select
}: Common &
  Omit<ComponentProps<'select'>, 'name' | 'form'> & {
    options: { value: string; label: string }[];
    /** Options under headings (<optgroup>), after the plain ones: a long list an eye can scan. */
    groups?: readonly { label: string; options: { value: string; label: string }[] }[];
    placeholder?: string;
  }) {
  return (
    <FieldShell form={form} name={name} label={label} hint={hint} required={required}>
      {({ id, describedBy, invalid }) => (
        <select
          id={id}
          name={name}
          aria-describedby={describedBy}
          aria-invalid={invalid || undefined}
          aria-required={required || undefined}
          className={`${CONTROL} appearance-auto ${width} ${className}`}
          {...select}
        >
          {placeholder !== undefined ? <option value="">{placeholder}</option> : null}
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
          {groups.map((g) => (
            <optgroup key={g.label} label={g.label}>
              {g.options.map((o) => (
                <option key={o.value} value={o.value}>
                  {o.label}
                </option>
              ))}
            </optgroup>
          ))}
        </select>
      )}
    </FieldShell>
  );
}

/** One checkbox with its label to the right; an error or hint sits under it. */
export function CheckboxField({
  form,
  name,
  label,
  hint,
  checked,
  onChange,
}: {
  form: FormController;
  name: string;
  label: ReactNode;
  hint?: ReactNode;
  checked: boolean;
  onChange(checked: boolean): void;
}) {
  const { t } = useI18n();
  const id = form.idOf(name);
  const error = form.errors.fields[name];
  const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div className="flex flex-col gap-1">
      {error ? (
        <p id={`${id}-error`} className="text-dns-16B-130 text-red-900">
          <span className="sr-only">{t.common.errorPrefix}</span>
          {error}
        </p>
      ) : null}
      <div className="flex items-start gap-3">
        <input
          id={id}
          name={name}
          type="checkbox"
          checked={checked}
          onChange={(e) => onChange(e.target.checked)}
          aria-describedby={describedBy}
          aria-invalid={error ? true : undefined}
          className="mt-1 size-6 shrink-0 accent-blue-900"
        />
        <label htmlFor={id} className="text-std-16N-170">
          {label}
        </label>
      </div>
      {hint ? (
        <p id={`${id}-hint`} className="pl-9 text-dns-14N-130 text-solid-gray-700">
          {hint}
        </p>
      ) : null}
    </div>
  );
}

interface ChoiceCommon {
  form: FormController;
  name: string;
  legend: ReactNode;
  hint?: ReactNode;
  required?: boolean;
  options: { value: string; label: ReactNode }[];
}

const CHOICE_LAYOUT = {
  /** One per line in a scrolling box (long lists). */
  list: 'flex max-h-72 flex-col gap-1 overflow-y-auto rounded-8 border p-3',
  /** Columns, all visible at once (the 13 categories of a worry are chosen at a glance). */
  grid: 'grid gap-x-4 gap-y-1 rounded-8 border p-3 sm:grid-cols-2 lg:grid-cols-3',
  /** Side by side, wrapping (a few short radio choices). */
  inline: 'flex flex-row flex-wrap gap-x-6 gap-y-1',
  /** One per line, no box (radio choices with explanations). */
  stack: 'flex flex-col gap-x-6 gap-y-1',
} as const;

/**
 * Radio buttons or checkboxes in a fieldset: the legend names the group, the hint and the
 * error are tied to it, and the error outlines it. The one mechanism behind RadioGroup and
 * CheckboxGroup.
 */
function ChoiceGroup({
  form, name, legend, hint, required, options, type, isChecked, onToggle, layout,
}: ChoiceCommon & { type: 'radio' | 'checkbox'; isChecked(v: string): boolean; onToggle(v: string, on: boolean): void; layout: keyof typeof CHOICE_LAYOUT }) {
  const { t } = useI18n();
  const id = form.idOf(name);
  const error = form.errors.fields[name];
  const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  const boxed = layout === 'list' || layout === 'grid';
  const outline = error ? (boxed ? 'border-2 border-red-900' : 'rounded-8 border-2 border-red-900 p-2') : boxed ? 'border-solid-gray-420' : '';
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
      <ul className={`${CHOICE_LAYOUT[layout]} ${outline}`}>
        {options.map((o) => {
          const optionId = `${id}-${o.value}`;
          return (
            <li key={o.value} className={`flex items-start py-1 ${type === 'checkbox' ? 'gap-3' : 'gap-2'}`}>
              <input
                id={optionId}
                type={type}
                name={name}
                value={o.value}
                checked={isChecked(o.value)}
                onChange={(e) => onToggle(o.value, e.target.checked)}
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

/** A group of checkboxes in a fieldset; the legend names the group. `grid` shows every option at once in columns. */
export function CheckboxGroup({ value, onChange, layout = 'list', ...common }: ChoiceCommon & { value: readonly string[]; onChange(value: string[]): void; layout?: 'list' | 'grid' }) {
  return (
    <ChoiceGroup
      {...common}
      type="checkbox"
      layout={layout}
      isChecked={(v) => value.includes(v)}
      onToggle={(v, on) => onChange(on ? [...value, v] : value.filter((x) => x !== v))}
    />
  );
}

/** A group of radio buttons in a fieldset; `inline` lays short choices side by side. */
export function RadioGroup({ value, onChange, inline = false, ...common }: ChoiceCommon & { value: string; onChange(value: string): void; inline?: boolean }) {
  return <ChoiceGroup {...common} type="radio" layout={inline ? 'inline' : 'stack'} isChecked={(v) => value === v} onToggle={(v) => onChange(v)} />;
}
