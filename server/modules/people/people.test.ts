import { describe, expect, it } from 'vitest';
import { BirthDate, KanaReading, PersonCreate, PostalCode } from '../../../core/contracts/people';
import type { Actor } from '../../platform/authz';
import { classifyQuery, likeEscape, normaliseAddress, personKeys, phoneDigits } from './people.keys';
import { canAssignArea, canAssignOwnerUnit, chooseArea, chooseOwnerUnit, defaultDataController, diffFields, isCompleteOrder, relationshipsToMove } from './people.policy';

const MINE = { prefectureJa: '山口県', municipalityJa: '美祢市' };

function actor(overrides: Partial<Actor> = {}): Actor {
  return {
    accountId: 'a1', loginId: 'x', displayName: 'x', municipalityCode: '352136', roles: ['csw'], permissions: new Set(), reach: 'subtree',
    unitIds: ['centre-mine'], subtreeUnitIds: ['centre-mine', 'district-isa', 'district-omine'], areaIds: [], stage: 'full', csrfToken: '',
    isDemo: false, sessionExpiresAt: new Date(), ...overrides,
  };
}

const nameKeyOf = (family: string) => personKeys({ familyName: family, givenName: '花子', familyNameKana: 'サイトウ', givenNameKana: 'ハナコ' }).name_key;
const rel = (id: string, kind: string, relatedPersonId: string | null, contactName = '', contactPhone = '') => ({ id, kind, relatedPersonId, contactName, contactPhone });

describe('person keys: the same fold on insert and on query', () => {
  it('a stored 髙橋 carries the token a search for 高橋, たかはし, 一郎, 橋 or a 通称 walks', () => {
    const keys = personKeys({ familyName: '髙橋', givenName: '一郎', familyNameKana: 'タカハシ', givenNameKana: 'イチロウ', aliasName: 'タカさん' });
    expect(keys.name_key).toBe('高橋一郎');
    expect(keys.kana_key).toBe('タカハシイチロウ');
    expect(keys.alias_key).toBe('タカサン');
    const texts = keys.search_tokens.map((t) => t.slice(1));
    for (const q of ['高橋', '髙橋', 'たかはし', 'ﾀｶﾊｼ', '一郎', 'タカサン', '橋']) {
      const query = classifyQuery(q);
      expect(query.kind === 'text' && texts.includes(query.key), q).toBe(true);
    }
  });

  it('齋藤, 斉藤 and 斎藤 share one key; 佐々木 meets 佐佐木', () => {
    expect(nameKeyOf('齋藤')).toBe(nameKeyOf('斎藤'));
    expect(nameKeyOf('斉藤')).toBe(nameKeyOf('斎藤'));
    expect(nameKeyOf('佐々木')).toBe(nameKeyOf('佐佐木'));
  });

  it('phone digits ignore hyphens, brackets and full-width digits', () => {
    expect(phoneDigits('０８３７－５２－１２３４')).toBe('0837521234');
    expect(phoneDigits('(0837) 52-1234')).toBe('0837521234');
  });
});

describe('addresses are normalised for matching, never for display', () => {
  it('the prefecture and city in front, full-width digits and 番地/号 do not matter', () => {
    const a = normaliseAddress('山口県美祢市大嶺町東分１２３４番地５', MINE);
    expect(a).toBe('大嶺町東分1234-5');
    expect(normaliseAddress('大嶺町東分1234-5', MINE)).toBe(a);
    expect(normaliseAddress('美祢市 大嶺町東分 1234の5', MINE)).toBe(a);
    expect(normaliseAddress('大嶺町東分1234ー5', MINE)).toBe(a);
  });

  it('kanji numerals before 丁目 become digits; 大字 is dropped', () => {
    expect(normaliseAddress('美祢市大字大嶺三丁目十二番地', MINE)).toBe('大嶺3-12');
  });
});

describe('the one search box decides what a query is', () => {
  it('dates in 和暦 and ISO are birth dates', () => {
    expect(classifyQuery('S15.3.1')).toEqual({ kind: 'date', iso: '1940-03-01' });
    expect(classifyQuery('昭和15年3月1日')).toEqual({ kind: 'date', iso: '1940-03-01' });
    expect(classifyQuery('1940-03-01')).toEqual({ kind: 'date', iso: '1940-03-01' });
    expect(classifyQuery('Ｓ１５．３．１')).toEqual({ kind: 'date', iso: '1940-03-01' });
  });

  it('an impossible 和暦 date is reported, not searched as a name', () => {
    expect(classifyQuery('昭和15年2月30日')).toMatchObject({ kind: 'invalid_date' });
  });

  it('four or more digits are a phone fragment, even when they look like an impossible date', () => {
    expect(classifyQuery('52-1234')).toEqual({ kind: 'phone', digits: '521234' });
    expect(classifyQuery('０８３７')).toEqual({ kind: 'phone', digits: '0837' });
    expect(classifyQuery('08375252')).toEqual({ kind: 'phone', digits: '08375252' });
    // Whatever dash the input method chose.
    for (const typed of ['0837―52―1234', '０８３７ー５２ー１２３４', '0837−52−1234']) expect(classifyQuery(typed), typed).toEqual({ kind: 'phone', digits: '0837521234' });
    expect(classifyQuery('サトー')).toMatchObject({ kind: 'text' });
  });

  it('anything else is a name; nothing or only dots is the list', () => {
    expect(classifyQuery('高橋 太郎')).toMatchObject({ kind: 'text', compact: '高橋太郎', key: '高橋太郎' });
    expect(classifyQuery('さとう')).toMatchObject({ kind: 'text', key: 'サトウ' });
    expect(classifyQuery('123')).toMatchObject({ kind: 'text' });
    expect(classifyQuery('')).toEqual({ kind: 'all' });
    expect(classifyQuery('・・')).toEqual({ kind: 'all' });
  });

  it('LIKE wildcards typed by a user match literally', () => {
    expect(likeEscape('50%_\\')).toBe('50\\%\\_\\\\');
  });
});

describe('contracts normalise what staff type', () => {
  it('readings in hiragana or half-width become full-width katakana; other text is refused', () => {
    expect(KanaReading.parse('さとう')).toBe('サトウ');
    expect(KanaReading.parse('ｻﾄｳ')).toBe('サトウ');
    expect(KanaReading.safeParse('佐藤').success).toBe(false);
  });

  it('birth dates accept 和暦 and refuse impossible or future dates', () => {
    expect(BirthDate.parse('昭和15年3月1日')).toBe('1940-03-01');
    expect(BirthDate.parse('S15.3.1')).toBe('1940-03-01');
    expect(BirthDate.safeParse('1940-02-30').success).toBe(false);
    expect(BirthDate.safeParse('平成32年1月1日').success).toBe(false);
    expect(BirthDate.safeParse('2999-01-01').success).toBe(false);
  });

  it('postal codes are stored as 123-4567', () => {
    expect(PostalCode.parse('７５９２２１２')).toBe('759-2212');
    expect(PostalCode.safeParse('12-34').success).toBe(false);
  });

  it('a person with an unknown field is refused, naming the field', () => {
    const r = PersonCreate.safeParse({ familyName: '山田', givenName: '花子', familyNameKana: 'やまだ', givenNameKana: 'はなこ', birthDate: '1950-01-01', nickname: 'x' });
    expect(r.success).toBe(false);
  });
});

describe('people policy', () => {
  it('the data controller follows the role: 民生委員 → commissioner, council roles → council, city roles → city', () => {
    expect(defaultDataController(['commissioner'])).toBe('commissioner');
    expect(defaultDataController(['csw'])).toBe('council');
    expect(defaultDataController(['district_member'])).toBe('council');
    expect(defaultDataController(['coordinator'])).toBe('city');
    expect(defaultDataController(['city_admin', 'csw'])).toBe('city');
  });

  it('a CSW hands records to units of their subtree only; a district member to their own unit; the city to any', () => {
    const csw = actor();
    expect(canAssignOwnerUnit(csw, 'district-omine')).toBe(true);
    expect(canAssignOwnerUnit(csw, 'district-mito')).toBe(false);
    const district = actor({ reach: 'unit', unitIds: ['district-omine'], subtreeUnitIds: ['district-omine'] });
    expect(canAssignOwnerUnit(district, 'district-omine')).toBe(true);
    expect(canAssignOwnerUnit(district, 'district-isa')).toBe(false);
    expect(canAssignOwnerUnit(actor({ reach: 'municipality' }), 'district-mito')).toBe(true);
  });

  it('an address outside the actor\'s reach does not carry the record away: it stays with their unit', () => {
    expect(chooseOwnerUnit(actor(), 'district-omine')).toBe('district-omine');
    expect(chooseOwnerUnit(actor(), 'district-mito')).toBe('centre-mine');
    expect(chooseOwnerUnit(actor(), null)).toBe('centre-mine');
    expect(chooseOwnerUnit(actor({ unitIds: [] }), null)).toBeNull();
  });

  it('a 民生委員 places people in their own zone by default and in no other', () => {
    const commissioner = actor({ reach: 'own', unitIds: ['district-omine'], areaIds: ['zone-omine-1'] });
    expect(chooseArea(commissioner, undefined)).toBe('zone-omine-1');
    expect(canAssignArea(commissioner, 'zone-omine-2')).toBe(false);
    expect(chooseArea(actor(), undefined)).toBeNull();
    expect(canAssignArea(actor(), 'zone-omine-2')).toBe(true);
  });

  it('history rows hold only what changed', () => {
    expect(diffFields({ a: 1, b: 'x' }, { a: 1, b: 'y' })).toEqual({ before: { b: 'x' }, after: { b: 'y' } });
    expect(diffFields({ a: 1 }, { a: 1 })).toBeNull();
  });

  it('a reorder must name every emergency contact exactly once', () => {
    expect(isCompleteOrder(['a', 'b'], ['b', 'a'])).toBe(true);
    expect(isCompleteOrder(['a', 'b'], ['a'])).toBe(false);
    expect(isCompleteOrder(['a', 'b'], ['a', 'a'])).toBe(false);
    expect(isCompleteOrder(['a', 'b'], ['a', 'c'])).toBe(false);
  });

  it('a merge moves relationships without duplicates, a second key person, or links between the pair', () => {
    const survivor = [rel('s1', 'key_person', 'p9'), rel('s2', 'emergency_contact', null, '山田 一郎', '090-1111-2222')];
    const merged = [
      rel('m1', 'key_person', 'p8'),
      rel('m2', 'emergency_contact', null, '山田 一郎', '09011112222'),
      rel('m3', 'emergency_contact', null, '鈴木 次郎', '090-3333-4444'),
      rel('m4', 'family', 'survivor'),
      rel('m5', 'family', 'p7'),
    ];
    const plan = relationshipsToMove('survivor', 'merged', survivor, merged);
    expect(plan.move.map((x) => x.id)).toEqual(['m3', 'm5']);
    expect(plan.drop.map((x) => x.id)).toEqual(['m1', 'm2', 'm4']);
  });
});
