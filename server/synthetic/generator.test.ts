import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { isKatakanaReading } from '../../core/japanese';
import { REFERENCE_DATE, syntheticPeople } from './generator';

const people = syntheticPeople(20_000, 42);
const cp932 = (s: string) => iconv.decode(iconv.encode(s, 'cp932'), 'cp932') === s;
const age = (birth: string) => {
  const [y, m, d] = birth.split('-').map(Number) as [number, number, number];
  const [ry, rm, rd] = REFERENCE_DATE.split('-').map(Number) as [number, number, number];
  return ry - y - (rm < m || (rm === m && rd < d) ? 1 : 0);
};

describe('synthetic residents', () => {
  it('the same seed gives the same people; another seed, others', () => {
    expect(syntheticPeople(500, 42)).toEqual(people.slice(0, 500));
    expect(syntheticPeople(50, 7).map((p) => p.familyName)).not.toEqual(people.slice(0, 50).map((p) => p.familyName));
  });

  it('about 38 % are 65 or older, as in 美祢市; nobody is older than 101 or born after the reference date', () => {
    const elderly = people.filter((p) => age(p.birthDate) >= 65).length / people.length;
    expect(elderly).toBeGreaterThan(0.34);
    expect(elderly).toBeLessThan(0.42);
    expect(people.every((p) => age(p.birthDate) >= 0 && age(p.birthDate) <= 101)).toBe(true);
  });

  it('surnames follow their frequency: 佐藤 and 鈴木 lead; about 3 % carry a variant kanji (髙, 﨑, 邊 …)', () => {
    const count = (name: string) => people.filter((p) => p.familyName === name).length;
    expect(count('佐藤')).toBeGreaterThan(count('加藤'));
    expect(count('河村')).toBeGreaterThan(0);
    const variant = people.filter((p) => /[髙﨑嵜邊邉齋齊櫻濱嶋國𠮷]/u.test(p.familyName)).length / people.length;
    expect(variant).toBeGreaterThan(0.02);
    expect(variant).toBeLessThan(0.045);
  });

  it('households of 1–5 share a surname, an address and a 世帯番号; single elderly households are common', () => {
    const households = new Map<string, typeof people>();
    for (const p of people) households.set(p.registerHouseholdId, [...(households.get(p.registerHouseholdId) ?? []), p]);
    const sizes = [...households.values()].map((h) => h.length);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(5);
    for (const h of households.values()) {
      expect(new Set(h.map((p) => p.address)).size).toBe(1);
      expect(new Set(h.map((p) => p.familyName)).size).toBe(1);
      expect(h[0]?.relation).toBe('世帯主');
    }
    const singleElderly = [...households.values()].filter((h) => h.length === 1 && age(h[0]!.birthDate) >= 65).length;
    expect(singleElderly / households.size).toBeGreaterThan(0.2);
  });

  it('names have katakana readings, addresses are in 美祢市\'s towns, phones are 0837 or mobile, IDs say SYN', () => {
    for (const p of people.slice(0, 2000)) {
      expect(isKatakanaReading(p.familyNameKana) && isKatakanaReading(p.givenNameKana)).toBe(true);
      expect(p.address).toMatch(/^山口県美祢市(大嶺町|伊佐町|豊田前町|於福町|東厚保町|西厚保町|美東町|秋芳町)/u);
      expect(p.phone).toMatch(/^(|0837-\d{2}-\d{4}|090-\d{4}-\d{4})$/);
      expect(p.registerId).toMatch(/^SYN\d{9}$/);
    }
    // Only 𠮷 (rare on purpose) falls outside CP932.
    const outside = people.filter((p) => !cp932(p.familyName + p.givenName + p.address));
    expect(outside.every((p) => p.familyName.includes('𠮷'))).toBe(true);
  });
});
