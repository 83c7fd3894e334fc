import { createContext, useContext, useSyncExternalStore } from 'react';

/**
 * The residents' reading aids: やさしい日本語, ふりがな and larger text. Each is one choice for
 * every public page, remembered on this device (localStorage) like the language, and changed
 * from the settings beside them (web/ui/DisplaySettings.tsx).
 */
export type DisplaySetting = 'easy' | 'furigana' | 'largeText';

// The keys and values earlier versions stored, so a choice made before survives.
const STORED: Record<DisplaySetting, { key: string; on: string; off: string }> = {
  easy: { key: 'sasaeai.easyJapanese', on: '1', off: '0' },
  furigana: { key: 'sasaeai.furigana', on: 'on', off: 'off' },
  largeText: { key: 'sasaeai.largeText', on: 'on', off: 'off' },
};

function read(setting: DisplaySetting): boolean {
  try {
    return localStorage.getItem(STORED[setting].key) === STORED[setting].on;
  } catch {
    return false;
  }
}

const browser = typeof window !== 'undefined';
const state: Record<DisplaySetting, boolean> = {
  easy: browser && read('easy'),
  furigana: browser && read('furigana'),
  largeText: browser && read('largeText'),
};
const listeners = new Set<() => void>();

/** Turns one aid on or off everywhere, and remembers it. */
export function setDisplay(setting: DisplaySetting, on: boolean): void {
  state[setting] = on;
  try {
    localStorage.setItem(STORED[setting].key, on ? STORED[setting].on : STORED[setting].off);
  } catch {
    // private mode: the choice lasts for this page only
  }
  for (const l of listeners) l();
}

/** Whether an aid is on (re-renders when it changes, on this page or by another switch). */
export function useDisplay(setting: DisplaySetting): boolean {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => state[setting],
    () => false,
  );
}

/** The class the page's root gets for larger text (styles.css scales every rem by it). */
export const LARGE_TEXT_CLASS = 'large-text';

/**
 * Sets larger text on the document; the app shell passes it only while the page on screen
 * offers it, so nobody is left with a setting they cannot see.
 */
export function applyLargeText(on: boolean): void {
  if (typeof document === 'undefined') return;
  document.documentElement.classList.toggle(LARGE_TEXT_CLASS, on);
}

/** The aids the page on screen offers (from its route): only those apply, and only those have a switch. */
export const OfferedAids = createContext<readonly DisplaySetting[]>([]);

/** Whether an aid is on and offered here. */
export function useAid(setting: DisplaySetting): boolean {
  const on = useDisplay(setting);
  return useContext(OfferedAids).includes(setting) && on;
}
