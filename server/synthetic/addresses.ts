/**
 * Places of the synthetic generator: the 町 of 美祢市 with some of their 大字 (the town
 * names match the 町名 → district table of the shipped org structure), a weight roughly
 * proportional to population, and a postal code. 番地 are random, so no address is a real
 * household's. Postal codes are plausible for the area but were not checked one by one:
 * this is fictional data for development and benchmarks only.
 */

export interface Town {
  town: string;
  oaza: readonly string[];
  postalCode: string;
  /** Telephone exchange after 0837-. */
  exchange: string;
  weight: number;
}

export const PREFIX = '山口県美祢市';

export const TOWNS: readonly Town[] = [
  { town: '大嶺町', oaza: ['東分', '西分', '奥分'], postalCode: '759-2212', exchange: '52', weight: 30 },
  { town: '伊佐町', oaza: ['伊佐', '河原', '堀越', '奥万倉'], postalCode: '759-2222', exchange: '53', weight: 12 },
  { town: '豊田前町', oaza: ['麻生上', '麻生下', '保々'], postalCode: '759-2304', exchange: '55', weight: 5 },
  { town: '於福町', oaza: ['上', '下'], postalCode: '759-3112', exchange: '56', weight: 6 },
  { town: '東厚保町', oaza: ['山中', '川東'], postalCode: '759-0131', exchange: '58', weight: 4 },
  { town: '西厚保町', oaza: ['本郷', '原'], postalCode: '759-0121', exchange: '58', weight: 4 },
  { town: '美東町', oaza: ['大田', '赤', '綾木', '真名', '長田', '絵堂', '銭屋'], postalCode: '754-0211', exchange: '57', weight: 22 },
  { town: '秋芳町', oaza: ['秋吉', '岩永本郷', '嘉万', '別府', '青景'], postalCode: '754-0511', exchange: '62', weight: 17 },
];
