import { useSyncExternalStore, type ReactNode } from 'react';
import { HELP_LAYER_LABELS, SERVICE_CATEGORY_LABELS, type HelpLayer, type ServiceCategory } from '../../../core/directory';
import type { PublicReach } from '../../../core/contracts/directory';
import { useI18n, type Locale } from '../../lib/i18n';
import { Badge } from '../../ui/Badge';

/** Codes come on the wire; people read labels (core/directory/codes.ts). */
export const layerLabel = (code: HelpLayer, locale: Locale) => HELP_LAYER_LABELS[code][locale];
export const categoryLabel = (code: ServiceCategory, locale: Locale) => SERVICE_CATEGORY_LABELS[code][locale];

const LAYER_TONES: Record<HelpLayer, 'blue' | 'green' | 'orange' | 'gray'> = { self_help: 'gray', mutual: 'green', cooperative: 'orange', public: 'blue' };

export function LayerBadge({ layer, locale }: { layer: HelpLayer; locale: Locale }) {
  return <Badge tone={LAYER_TONES[layer]}>{layerLabel(layer, locale)}</Badge>;
}

/* ---- the ふりがな switch: one choice for every directory page, remembered on this device ---- */

const KEY = 'sasaeai.furigana';
const listeners = new Set<() => void>();
function read(): boolean {
  try {
    return localStorage.getItem(KEY) === 'on';
  } catch {
    return false;
  }
}
let furigana = typeof window === 'undefined' ? false : read();

export function setFurigana(on: boolean): void {
  furigana = on;
  try {
    localStorage.setItem(KEY, on ? 'on' : 'off');
  } catch {
    // private mode: the choice lasts for this page only
  }
  for (const l of listeners) l();
}

export function useFurigana(): boolean {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => furigana,
    () => false,
  );
}

/** A name with its stored reading above it as <ruby> when ふりがな is on (and a reading exists). */
export function Ruby({ text, reading, on }: { text: string; reading: string; on: boolean }): ReactNode {
  if (!on || !reading) return text;
  return (
    <ruby>
      {text}
      <rp>（</rp>
      <rt>{reading}</rt>
      <rp>）</rp>
    </ruby>
  );
}

/** The ふりがな switch (a toggle button that says whether it is on). */
export function FuriganaSwitch({ label }: { label: string }) {
  const on = useFurigana();
  return (
    <button
      type="button"
      aria-pressed={on}
      onClick={() => setFurigana(!on)}
      className={`inline-flex min-h-11 items-center gap-2 rounded-8 border-2 px-3 py-1 text-std-16B-170 print:hidden ${on ? 'border-blue-900 bg-blue-900 text-white' : 'border-blue-900 bg-white text-blue-900'}`}
      data-testid="furigana-switch"
    >
      <span aria-hidden="true">{on ? '✓' : 'あ'}</span>
      {label}
    </button>
  );
}

/** A phone number as a tel: link (digits only in the href). */
export function PhoneLink({ number, label }: { number: string; label: string }) {
  const digits = number.normalize('NFKC').replace(/[^0-9+]/g, '');
  return (
    <a href={`tel:${digits}`} aria-label={label} className="text-std-18B-160 whitespace-nowrap">
      {number}
    </a>
  );
}

/**
 * The number to call for an entry without a voice number of its own: the unit that answers
 * for it, named (「美祢市社会福祉協議会がおつなぎします 0837-52-5222」); a plain note when there is none.
 */
export function ReachLine({ reach }: { reach: PublicReach | null }) {
  const { t } = useI18n();
  const d = t.directory;
  if (!reach) return <p className="text-dns-16N-130" data-testid="reach">{d.noNumber}</p>;
  return (
    <p className="flex flex-wrap items-baseline gap-2" data-testid="reach">
      <span className="text-dns-16B-130">{reach.own ? d.phone : d.connects(reach.name)}</span>
      <PhoneLink number={reach.number} label={d.call(reach.number)} />
    </p>
  );
}
