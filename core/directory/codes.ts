/**
 * Code lists of the directory (docs/directory.md). Codes travel on the wire and in HSDS
 * attributes; the labels here are what people read, in Japanese and English.
 */

/** The four layers of help of the Mine welfare plan (自助・互助・共助・公助). */
export const HELP_LAYERS = ['self_help', 'mutual', 'cooperative', 'public'] as const;
export type HelpLayer = (typeof HELP_LAYERS)[number];

export const HELP_LAYER_LABELS: Record<HelpLayer, { ja: string; en: string }> = {
  self_help: { ja: '自助', en: 'Self-help' },
  mutual: { ja: '互助', en: 'Mutual help' },
  cooperative: { ja: '共助', en: 'Social insurance (cooperative help)' },
  public: { ja: '公助', en: 'Public help' },
};

/** Kinds of consultation window and service a resident looks for. */
export const SERVICE_CATEGORIES = [
  'comprehensive_consultation',
  'community_general_support',
  'independence_support',
  'disability_core_consultation',
  'disability_consultation',
  'child_rearing_support',
  'social_welfare_council',
  'advocacy_guardianship',
  'employment',
  'legal_support',
  'public_health',
  'welfare_commissioner',
  'volunteer_centre',
  'salon',
  'mobility_support',
  'living_support',
] as const;
export type ServiceCategory = (typeof SERVICE_CATEGORIES)[number];

export const SERVICE_CATEGORY_LABELS: Record<ServiceCategory, { ja: string; en: string }> = {
  comprehensive_consultation: { ja: '総合相談窓口', en: 'Comprehensive consultation window' },
  community_general_support: { ja: '地域包括支援センター', en: 'Community general support centre (older people)' },
  independence_support: { ja: '自立相談支援機関', en: 'Independence support consultation (livelihood hardship)' },
  disability_core_consultation: { ja: '基幹相談支援センター', en: 'Core consultation support centre (disability)' },
  disability_consultation: { ja: '障害者相談支援事業所', en: 'Disability consultation support office' },
  child_rearing_support: { ja: '子育て世代包括支援センター', en: 'Comprehensive support centre for child-rearing families' },
  social_welfare_council: { ja: '社会福祉協議会', en: 'Social welfare council' },
  advocacy_guardianship: { ja: '権利擁護・成年後見', en: 'Advocacy and adult guardianship' },
  employment: { ja: 'ハローワーク', en: 'Public employment security office (Hello Work)' },
  legal_support: { ja: '法テラス', en: 'Japan Legal Support Center (Houterasu)' },
  public_health: { ja: '保健所', en: 'Public health centre' },
  welfare_commissioner: { ja: '民生委員・児童委員', en: 'Commissioned welfare volunteers' },
  volunteer_centre: { ja: 'ボランティアセンター', en: 'Volunteer centre' },
  salon: { ja: 'サロン・居場所', en: 'Salon and places to belong' },
  mobility_support: { ja: '移動支援', en: 'Mobility support' },
  living_support: { ja: '生活支援', en: 'Everyday living support' },
};

/** HSDS service.status values (HSDS 3.0). */
export const SERVICE_STATUSES = ['active', 'inactive', 'defunct', 'temporarily closed'] as const;
export type ServiceStatus = (typeof SERVICE_STATUSES)[number];

/** HSDS location.location_type values. */
export const LOCATION_TYPES = ['physical', 'postal', 'virtual'] as const;

/** RFC 6350 phone types HSDS uses. */
export const PHONE_TYPES = ['voice', 'fax', 'text', 'cell', 'video', 'pager', 'textphone'] as const;

export function isHelpLayer(x: string): x is HelpLayer {
  return (HELP_LAYERS as readonly string[]).includes(x);
}

export function isServiceCategory(x: string): x is ServiceCategory {
  return (SERVICE_CATEGORIES as readonly string[]).includes(x);
}
