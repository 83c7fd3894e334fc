import { HELP_LAYER_LABELS, SERVICE_CATEGORY_LABELS, type HelpLayer, type ServiceCategory } from '../../../core/directory';
import { useAid } from '../../lib/display';
import type { Locale } from '../../lib/i18n';
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
