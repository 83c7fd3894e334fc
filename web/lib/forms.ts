import { useCallback, useEffect, useId, useMemo, useRef, useState } from 'react';
import type { z } from 'zod';
import { ERROR_MESSAGES, type ErrorCode, type FieldIssue, type Locale } from '../../core/errors';
import { ApiError } from './api';
import { useI18n, type Dictionary } from './i18n';

/** An issue as the server sends it, or as zod reports it in the browser. */
export interface IssueLike extends FieldIssue {
  minimum?: number | bigint;
  origin?: string;
  input?: unknown;
}

function isErrorCode(code: string): code is ErrorCode {
  return Object.hasOwn(ERROR_MESSAGES, code);
}

/**
 * The message to show next to a field. Codes the server names (password_too_short …) have
 * their own message; generic validation codes get a short message in the user's language
 * (the field's hint already says what is expected).
 */
export function issueText(issue: IssueLike, t: Dictionary, locale: Locale): string {
  if (isErrorCode(issue.code)) return ERROR_MESSAGES[issue.code][locale];
  const msg = issue.message ?? '';
  switch (issue.code) {
    case 'literal':
      return msg; // a message the page already wrote in the user's language
    case 'required':
      return t.issues.required;
    case 'tier_order':
      return t.issues.tierOrder;
    case 'cycle':
      return ERROR_MESSAGES.unit_cycle[locale];
    case 'in_use':
      return ERROR_MESSAGES.unit_in_use[locale];
    case 'not_found':
      return t.issues.notFound;
    case 'self':
      return t.issues.self;
    case 'choose':
      return t.issues.choose;
    case 'too_small': {
      const emptyArray = issue.origin === 'array' || /expected array/.test(msg);
      const emptyString = Number(issue.minimum) === 1 || />=1 characters/.test(msg);
      return emptyArray ? t.issues.choose : emptyString ? t.issues.required : t.issues.tooShort;
    }
    case 'too_big':
      return t.issues.tooLong;
    case 'invalid_format':
    case 'invalid_string':
      return t.issues.format;
    case 'invalid_type':
      return issue.input === undefined || issue.input === null || /received undefined|received null/.test(msg) ? t.issues.required : t.issues.invalid;
    case 'invalid_value':
    case 'invalid_enum_value':
      return t.issues.choose;
    case 'unrecognized_key':
    case 'unrecognized_keys':
      return t.issues.unknownField;
    case 'custom':
      if (msg.endsWith('required')) return t.issues.required;
      if (/digits|letters/.test(msg)) return t.issues.format;
      return t.issues.invalid;
    default:
      return t.issues.invalid;
  }
}

function valueAt(values: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = values;
  for (const key of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[key];
  }
  return v;
}

/**
 * Validates form values with a contract from core/ before sending; returns issues in the
 * server's shape. An empty field is reported as missing (required / choose), whatever
 * rule it also breaks.
 */
export function validate<S extends z.ZodType>(schema: S, values: unknown): { ok: true; data: z.output<S> } | { ok: false; issues: IssueLike[] } {
  const r = schema.safeParse(values);
  if (r.success) return { ok: true, data: r.data };
  return {
    ok: false,
    issues: r.error.issues.map((i) => {
      const path = i.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
      const value = valueAt(values, path);
      const base = { path, message: i.message };
      if (Array.isArray(value) && value.length === 0) return { ...base, code: 'choose' };
      if (value === '' || value === undefined || value === null) return { ...base, code: i.code === 'invalid_value' ? 'choose' : 'required' };
      const extra = i as unknown as { minimum?: number | bigint; origin?: string };
      return {
        ...base,
        code: i.code,
        ...(extra.minimum !== undefined ? { minimum: extra.minimum } : {}),
        ...(extra.origin !== undefined ? { origin: extra.origin } : {}),
      };
    }),
  };
}

export interface FormErrors {
  /** Field name (first path element) → message. */
  fields: Record<string, string>;
  /** Errors not tied to a field (wrong password, conflict, …). */
  general: string | null;
}

/** What went wrong, kept as issues so the words follow the page's language (やさしい日本語 switched after a failed submit too). */
interface ErrorState {
  issues: IssueLike[];
  /** A message not tied to a field: text already in the user's language, or an issue to say in it. */
  general: { text: string } | { issue: IssueLike } | { loadFailed: true } | null;
}

/**
 * Error state of one form: field messages (shown next to each field through
 * aria-describedby) and a summary that takes focus when a submit fails. The messages are
 * said in the dictionary of the place the form is rendered in (`I18nPatch` included).
 */
export function useFormErrors(fieldNames: readonly string[]) {
  const { t, locale } = useI18n();
  const prefix = useId().replace(/[^A-Za-z0-9_-]/g, '');
  const [state, setState] = useState<ErrorState>({ issues: [], general: null });
  const [failures, setFailures] = useState(0);
  const summaryRef = useRef<HTMLDivElement>(null);
  const names = useRef(fieldNames);
  names.current = fieldNames;

  useEffect(() => {
    if (failures > 0) summaryRef.current?.focus();
  }, [failures]);

  const idOf = useCallback((name: string) => `${prefix}-${name}`, [prefix]);

  const errors = useMemo<FormErrors>(() => {
    const fields: Record<string, string> = {};
    let general: string | null = null;
    if (state.general && 'text' in state.general) general = state.general.text;
    else if (state.general && 'issue' in state.general) general = issueText(state.general.issue, t, locale);
    else if (state.general) general = t.common.loadFailed;
    for (const issue of state.issues) {
      const name = issue.path[0];
      if (typeof name === 'string' && names.current.includes(name)) fields[name] ??= issueText(issue, t, locale);
    }
    return { fields, general };
  }, [state, t, locale]);

  const showIssues = useCallback((issues: IssueLike[], general: string | null = null) => {
    const stray = issues.find((i) => !(typeof i.path[0] === 'string' && names.current.includes(i.path[0])));
    setState({ issues, general: general !== null ? { text: general } : stray ? { issue: stray } : null });
    setFailures((n) => n + 1);
  }, []);

  /** Shows any error from a submit: field issues next to their fields, the rest in the summary. */
  const showError = useCallback(
    (err: unknown) => {
      if (err instanceof ApiError) {
        const fieldIssues = err.issues.filter((i) => typeof i.path[0] === 'string' && names.current.includes(i.path[0]));
        // A validation failure with field issues needs no generic line; anything else shows the server's message.
        const general = err.code === 'validation_failed' && fieldIssues.length > 0 && fieldIssues.length === err.issues.length ? null : err.message;
        showIssues(err.issues, general);
      } else {
        setState({ issues: [], general: { loadFailed: true } });
        setFailures((n) => n + 1);
      }
    },
    [showIssues],
  );

  const clear = useCallback(() => setState({ issues: [], general: null }), []);

  return { errors, idOf, summaryRef, showIssues, showError, clear };
}

export type FormController = ReturnType<typeof useFormErrors>;
