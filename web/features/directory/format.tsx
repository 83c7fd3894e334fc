import { HELP_LAYER_LABELS, SERVICE_CATEGORY_LABELS, type HelpLayer, type ServiceCategory } from '../../../core/directory';
import type { PublicReach } from '../../../core/contracts/directory';
import { useAid } from '../../lib/display';
import { useI18n, type Locale } from '../../lib/i18n';
import { Badge } from '../../ui/Badge';
import { telHref } from '../../ui/tel';

/** Codes come on the wire; people read labels (core/directory/codes.ts). */
export const layerLabel = (code: HelpLayer, locale: Locale) => HELP_LAYER_LABELS[code][locale];
export const categoryLabel = (code: ServiceCategory, locale: Locale) => SERVICE_CATEGORY_LABELS[code][locale];

const LAYER_TONES: Record<HelpLayer, 'blue' | 'green' | 'orange' | 'gray'> = { self_help: 'gray', mutual: 'green', cooperative: 'orange', public: 'blue' };

export function LayerBadge({ layer, locale }: { layer: HelpLayer; locale: Locale }) {
  return <Badge tone={LAYER_TONES[layer]}>{layerLabel(layer, locale)}</Badge>;
}

/** ふりがな is one of the residents' reading aids (web/lib/display.ts), shown by the shared `Ruby`. */
export { Ruby } from '../../ui/Ruby';
export const useFurigana = (): boolean => useAid('furigana');

/** A phone number as a tel: link (digits only in the href). */
export function PhoneLink({ number, label }: { number: string; label: string }) {
  return (
    <a href={telHref(number)} aria-label={label} className="text-std-18B-160 whitespace-nowrap">
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
