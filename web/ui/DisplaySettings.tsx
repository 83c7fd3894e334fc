import { useContext, useId } from 'react';
import { OfferedAids, setDisplay, useAid, useDisplay, type DisplaySetting } from '../lib/display';
import { useI18n } from '../lib/i18n';
import { Ruby } from './Ruby';

const TEST_IDS: Record<DisplaySetting, string> = { easy: 'easy-switch', furigana: 'furigana-switch', largeText: 'large-text-switch' };

/**
 * The residents' reading aids as toggle buttons that say whether they are on (aria-pressed),
 * one choice for every public page, remembered on this device. Each page offers the aids it
 * honours (its route's `aids`); やさしい日本語 and ふりがな only in Japanese.
 */
export function DisplaySettings() {
  const { t, locale } = useI18n();
  const id = useId();
  const furigana = useAid('furigana');
  const shown = useContext(OfferedAids).filter((s) => locale === 'ja' || s === 'largeText');
  if (shown.length === 0) return null;
  const d = t.residents.display;
  return (
    <div role="group" aria-labelledby={id} className="flex flex-wrap items-center gap-2 print:hidden" data-testid="display-settings">
      <span id={id} className="sr-only">
        {d.group[0]}
      </span>
      {shown.map((s) => (
        <Toggle key={s} setting={s} label={d[s][0]} reading={d[s][1]} furigana={furigana} />
      ))}
    </div>
  );
}

function Toggle({ setting, label, reading, furigana }: { setting: DisplaySetting; label: string; reading: string; furigana: boolean }) {
  const on = useDisplay(setting);
  return (
    <button
      type="button"
      aria-pressed={on}
      onClick={() => setDisplay(setting, !on)}
      className={`inline-flex min-h-11 items-center gap-1 rounded-8 border-2 border-blue-900 px-2 py-1 text-dns-14B-130 ${on ? 'bg-blue-900 text-white' : 'bg-white text-blue-900 hover:bg-blue-50'}`}
      data-testid={TEST_IDS[setting]}
    >
      {on ? <span aria-hidden="true">✓</span> : null}
      <Ruby text={label} reading={reading} on={furigana} />
    </button>
  );
}
