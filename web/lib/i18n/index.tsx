import { createContext, useCallback, useContext, useMemo, useSyncExternalStore, type ReactNode } from 'react';
import type { Locale } from '../../../core/errors';
import { en } from './en';
import { ja, type Dictionary } from './ja';

export type { Dictionary, Locale };

const DICTIONARIES: Record<Locale, Dictionary> = { ja, en };
const STORAGE_KEY = 'sasaeai.locale';

function readStored(): Locale {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'ja';
  } catch {
    return 'ja';
  }
}

let current: Locale = typeof window === 'undefined' ? 'ja' : readStored();
const listeners = new Set<() => void>();

function applyToDocument(locale: Locale) {
  if (typeof document !== 'undefined') document.documentElement.lang = locale;
}
applyToDocument(current);

/** The language in use; the API client sends it as Accept-Language. */
export function getLocale(): Locale {
  return current;
}

export function dictionary(locale: Locale = current): Dictionary {
  return DICTIONARIES[locale];
}

/** Switches the language, remembers the choice and sets <html lang>. */
export function setLocale(locale: Locale): void {
  if (locale === current) return;
  current = locale;
  try {
    localStorage.setItem(STORAGE_KEY, locale);
  } catch {
    // private mode: the choice lasts for this page only
  }
  applyToDocument(locale);
  for (const l of listeners) l();
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

interface I18n {
  locale: Locale;
  t: Dictionary;
  setLocale(locale: Locale): void;
  /** A unit's or area's name in the current language (Japanese when there is no English). */
  pickName(item: { nameJa: string; nameEn: string }): string;
}

const I18nContext = createContext<I18n | null>(null);

export function I18nProvider({ children }: { children: ReactNode }) {
  const locale = useSyncExternalStore(subscribe, getLocale, getLocale);
  const pickName = useCallback((item: { nameJa: string; nameEn: string }) => (locale === 'en' && item.nameEn ? item.nameEn : item.nameJa), [locale]);
  const value = useMemo<I18n>(() => ({ locale, t: DICTIONARIES[locale], setLocale, pickName }), [locale, pickName]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

/** Parts of a dictionary to say differently (やさしい日本語 on the residents' pages): any nesting, leaves replace leaves. */
export type DictionaryPatch<T = Dictionary> = { [K in keyof T]?: T[K] extends (...args: never[]) => unknown ? T[K] : T[K] extends object ? DictionaryPatch<T[K]> : T[K] };

function isPlain(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The dictionary with the patch laid over it (objects merged key by key, everything else replaced). */
export function patchDictionary<T>(base: T, patch: DictionaryPatch<T> | undefined): T {
  if (!patch) return base;
  const out: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const [k, v] of Object.entries(patch as Record<string, unknown>)) {
    out[k] = isPlain(v) && isPlain(out[k]) ? patchDictionary(out[k], v as never) : v;
  }
  return out as T;
}

/**
 * Says the page inside it with `patch` laid over the dictionary, in Japanese only (the English
 * text stays as it is): every label, hint, 必須 and validation message below it follows.
 */
export function I18nPatch({ patch, children }: { patch: DictionaryPatch | null; children: ReactNode }) {
  const parent = useI18n();
  const value = useMemo<I18n>(() => (patch && parent.locale === 'ja' ? { ...parent, t: patchDictionary(parent.t, patch) } : parent), [parent, patch]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const ctx = useContext(I18nContext);
  if (!ctx) throw new Error('useI18n outside I18nProvider');
  return ctx;
}
