import { PREFIX, TOWNS, type Town } from './addresses';
import { GENERATIONS, type GivenName, SURNAME_VARIANTS, SURNAMES } from './names';

/**
 * Fictional residents for development and benchmarks (docs/register-import.md, "Synthetic
 * people"). Deterministic: the same seed gives the same people, in the same order, on any
 * machine. Households of 1–5 sharing an address and a 世帯番号, many of them one or two
 * elderly people, so that about 38 % of people are 65 or older, as in 美祢市. Register IDs
 * start with SYN and 世帯番号 with SYH, so synthetic rows can never be taken for real ones.
 */

export interface SyntheticPerson {
  registerId: string;
  registerHouseholdId: string;
  familyName: string;
  givenName: string;
  familyNameKana: string;
  givenNameKana: string;
  birthDate: string;
  sex: 'male' | 'female';
  postalCode: string;
  address: string;
  town: string;
  phone: string;
  relation: string;
  status: 'active' | 'moved_out' | 'deceased';
  statusOn: string | null;
}

/** Ages are counted on this day, so a seed gives the same people whatever the date of the run. */
export const REFERENCE_DATE = '2026-04-01';

/** mulberry32: small, fast, and good enough for test data (not for anything secret). */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Weighted choice by binary search over cumulative weights. */
function weighted<T>(items: readonly T[], weightOf: (t: T) => number): (r: number) => T {
  const cumulative: number[] = [];
  let sum = 0;
  for (const it of items) cumulative.push((sum += weightOf(it)));
  return (r) => {
    const x = r * sum;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((cumulative[mid] as number) > x) hi = mid;
      else lo = mid + 1;
    }
    return items[lo] as T;
  };
}

const pickSurname = weighted(SURNAMES, (s) => s[2]);
const pickTown = weighted(TOWNS, (t) => t.weight);

type HouseholdType = 'single_elderly' | 'elderly_couple' | 'single' | 'couple' | 'family' | 'single_parent' | 'three_generation';
const pickType = weighted<[HouseholdType, number]>(
  [['single_elderly', 28], ['elderly_couple', 22], ['single', 13], ['couple', 12], ['family', 17], ['single_parent', 4], ['three_generation', 7]],
  (t) => t[1],
);

const pad = (n: number, width: number) => String(n).padStart(width, '0');

interface Member {
  age: number;
  sex: 'male' | 'female';
  relation: string;
}

/** Creates people household by household; call `next()` for each household. */
export class SyntheticRegister {
  private readonly r: () => number;
  private person = 0;
  private household = 0;

  constructor(seed: number) {
    this.r = random(seed * 2654435761 + 1);
  }

  private int(min: number, max: number): number {
    return min + Math.floor(this.r() * (max - min + 1));
  }

  private chance(p: number): boolean {
    return this.r() < p;
  }

  private pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.r() * items.length)] as T;
  }

  private elderlyAge(): number {
    const band = this.r();
    return band < 0.45 ? this.int(65, 74) : band < 0.8 ? this.int(75, 84) : this.int(85, 100);
  }

  private members(type: HouseholdType): Member[] {
    const spouseOf = (head: Member): Member => ({ age: Math.max(18, head.age - this.int(-2, 5)), sex: 'female', relation: '妻' });
    const children = (parentAge: number, max: number): Member[] =>
      Array.from({ length: this.int(1, max) }, () => ({ age: this.int(0, Math.max(0, Math.min(25, parentAge - 20))), sex: this.chance(0.5) ? 'male' : 'female', relation: '子' }) as Member);
    switch (type) {
      case 'single_elderly':
        return [{ age: this.elderlyAge(), sex: this.chance(0.65) ? 'female' : 'male', relation: '世帯主' }];
      case 'elderly_couple': {
        const head: Member = { age: Math.min(100, this.elderlyAge() + this.int(0, 3)), sex: 'male', relation: '世帯主' };
        return [head, { ...spouseOf(head), age: Math.max(62, head.age - this.int(0, 5)) }];
      }
      case 'single':
        return [{ age: this.int(20, 64), sex: this.chance(0.5) ? 'male' : 'female', relation: '世帯主' }];
      case 'couple': {
        const head: Member = { age: this.int(25, 64), sex: 'male', relation: '世帯主' };
        return [head, spouseOf(head)];
      }
      case 'family': {
        const head: Member = { age: this.int(28, 58), sex: 'male', relation: '世帯主' };
        const wife = spouseOf(head);
        return [head, wife, ...children(wife.age, 3)];
      }
      case 'single_parent': {
        const head: Member = { age: this.int(25, 55), sex: this.chance(0.8) ? 'female' : 'male', relation: '世帯主' };
        return [head, ...children(head.age, 2)];
      }
      case 'three_generation': {
        const head: Member = { age: this.int(35, 60), sex: 'male', relation: '世帯主' };
        const wife = spouseOf(head);
        const elders: Member[] = [{ age: Math.min(100, head.age + this.int(25, 35)), sex: 'female', relation: '母' }];
        if (this.chance(0.4)) elders.push({ age: Math.min(100, head.age + this.int(27, 37)), sex: 'male', relation: '父' });
        return [head, wife, ...elders, ...children(wife.age, 2)].slice(0, 5);
      }
    }
  }

  private surname(): [string, string] {
    const [kanji, kana] = pickSurname(this.r());
    for (const [variant, rate] of SURNAME_VARIANTS[kanji] ?? []) if (this.chance(rate)) return [variant, kana];
    return [kanji, kana];
  }

  private birthDate(age: number): string {
    const ref = Date.parse(`${REFERENCE_DATE}T00:00:00Z`);
    const days = Math.floor((age + this.r()) * 365.2425);
    return new Date(ref - days * 86_400_000).toISOString().slice(0, 10);
  }

  private givenName(birthDate: string, sex: 'male' | 'female'): GivenName {
    const year = Number(birthDate.slice(0, 4));
    const gen = GENERATIONS.find((g) => year >= g.from && year <= g.to) ?? (GENERATIONS[0] as (typeof GENERATIONS)[number]);
    return this.pick(sex === 'female' ? gen.female : gen.male);
  }

  private addressIn(town: Town): string {
    const oaza = this.pick(town.oaza);
    const banchi = this.int(1, 3000);
    return `${PREFIX}${town.town}${oaza}${banchi}番地${this.chance(0.4) ? this.int(1, 20) : ''}`;
  }

  /** The next household: its members share a surname, an address and a 世帯番号. */
  next(): SyntheticPerson[] {
    this.household++;
    const registerHouseholdId = `SYH${pad(this.household, 8)}`;
    const town = pickTown(this.r());
    const address = this.addressIn(town);
    const [familyName, familyNameKana] = this.surname();
    const landline = this.chance(0.75) ? `0837-${town.exchange}-${pad(this.int(0, 9999), 4)}` : '';
    return this.members(pickType(this.r())[0]).map((m) => {
      this.person++;
      const birthDate = this.birthDate(m.age);
      const [givenName, givenNameKana] = this.givenName(birthDate, m.sex);
      const mobile = m.age >= 18 && m.age < 65 && this.chance(0.15) ? `090-${pad(this.int(0, 9999), 4)}-${pad(this.int(0, 9999), 4)}` : '';
      const phone = m.relation === '世帯主' || m.age >= 65 ? landline || mobile : mobile;
      const fate = this.r();
      const status = fate < 0.02 ? 'moved_out' : fate < 0.03 && m.age >= 70 ? 'deceased' : 'active';
      const statusOn = status === 'active' ? null : this.birthDate(this.int(0, 2)) < birthDate ? REFERENCE_DATE : this.birthDate(this.int(0, 2));
      return {
        registerId: `SYN${pad(this.person, 9)}`, registerHouseholdId, familyName, givenName, familyNameKana, givenNameKana,
        birthDate, sex: m.sex, postalCode: town.postalCode, address, town: town.town, phone, relation: m.relation, status, statusOn,
      };
    });
  }

  /** Exactly `n` people (the last household may be cut short). */
  take(n: number): SyntheticPerson[] {
    const out: SyntheticPerson[] = [];
    while (out.length < n) out.push(...this.next());
    return out.slice(0, n);
  }
}

/** `n` synthetic people from `seed`, always the same ones. */
export function syntheticPeople(n: number, seed = 42): SyntheticPerson[] {
  return new SyntheticRegister(seed).take(n);
}
