import { describe, expect, it } from 'vitest';
import { countPlans, type ExistingPerson, planRow, townMatcher, type UnitResolver } from './import.analyse';
import type { ParsedRow, RegisterRecord } from './import.parse';

const units: UnitResolver = {
  forAddress: townMatcher([{ town: '大嶺町', unitId: 'district-omine' }, { town: '伊佐町', unitId: 'district-isa' }, { town: '東厚保町', unitId: 'district-atsu' }]),
  fallback: 'hub',
};

const record = (over: Partial<RegisterRecord> = {}): RegisterRecord => ({
  registerId: '1', familyName: '山田', givenName: '花子', familyNameKana: 'ヤマダ', givenNameKana: 'ハナコ', birthDate: '1940-03-01',
  address: '美祢市大嶺町東分1', status: 'active', statusOn: null, ...over,
});
const row = (rec: RegisterRecord | null, line = 2): ParsedRow => ({ line, record: rec, registerId: rec?.registerId ?? null, name: '山田 花子', problems: [] });
const stored = (over: Partial<ExistingPerson> = {}): ExistingPerson => ({
  person_id: 'p1', version: 3, family_name: '山田', given_name: '花子', family_name_kana: 'ヤマダ', given_name_kana: 'ハナコ', alias_name: '',
  birth_date: '1940-03-01', sex: 'female', postal_code: '', address_raw: '美祢市大嶺町東分1', phone: '0837-52-0000', household_relation: '',
  register_household_id: null, owner_unit_id: 'district-omine', status: 'active', status_on: null, ...over,
});

describe('what a register row would do', () => {
  it('a new resident gets the district of the longest 町名 in the address', () => {
    const plan = planRow(row(record({ address: '美祢市東厚保町山中1' })), undefined, units);
    expect(plan).toMatchObject({ action: 'new', ownerUnitId: 'district-atsu', personId: null });
  });

  it('an address that names no known 町名 goes to the city hub, with a warning', () => {
    const plan = planRow(row(record({ address: '美祢市どこか1' })), undefined, units);
    expect(plan.action).toBe('new');
    expect(plan.ownerUnitId).toBe('hub');
    expect(plan.problems.map((p) => [p.code, p.severity])).toEqual([['address_unmatched', 'warning']]);
  });

  it('without a fallback unit, such a row is an error', () => {
    expect(planRow(row(record({ address: '美祢市どこか1' })), undefined, { ...units, fallback: null }).action).toBe('error');
  });

  it('the same data is unchanged; a column the file lacks (phone) is not compared', () => {
    expect(planRow(row(record()), stored(), units)).toMatchObject({ action: 'unchanged', changes: [], baseVersion: 3, personId: 'p1' });
  });

  it('a moved address changes the owner unit, and the changes are listed field by field', () => {
    const plan = planRow(row(record({ address: '美祢市伊佐町伊佐2' })), stored(), units);
    expect(plan.action).toBe('changed');
    expect(plan.changes).toEqual([
      { field: 'address', before: '美祢市大嶺町東分1', after: '美祢市伊佐町伊佐2' },
      { field: 'ownerUnitId', before: 'district-omine', after: 'district-isa' },
    ]);
  });

  it('an unchanged address keeps an owner unit staff chose', () => {
    expect(planRow(row(record()), stored({ owner_unit_id: 'centre-mine' }), units).action).toBe('unchanged');
  });

  it('転出 and 死亡 change the status with its date; the same again is unchanged', () => {
    expect(planRow(row(record({ status: 'moved_out', statusOn: '2024-04-01' })), stored(), units)).toMatchObject({
      action: 'moved_out',
      changes: [{ field: 'status', before: 'active', after: 'moved_out' }, { field: 'statusOn', before: null, after: '2024-04-01' }],
    });
    expect(planRow(row(record({ status: 'deceased', statusOn: '2024-05-01' })), stored(), units).action).toBe('deceased');
    expect(planRow(row(record({ status: 'moved_out', statusOn: '2024-04-01' })), stored({ status: 'moved_out', status_on: '2024-04-01' }), units).action).toBe('unchanged');
  });

  it('someone who moved out and appears again as living here is changed back to active', () => {
    const plan = planRow(row(record()), stored({ status: 'moved_out', status_on: '2024-04-01' }), units);
    expect(plan.action).toBe('changed');
    expect(plan.changes.map((c) => c.field)).toEqual(['status', 'statusOn']);
  });

  it('a living row for a person recorded as deceased, or a merged record, is an error for a person to look at', () => {
    expect(planRow(row(record()), stored({ status: 'deceased' }), units).problems[0]?.code).toBe('deceased_record');
    expect(planRow(row(record()), stored({ status: 'merged' }), units).problems[0]?.code).toBe('merged_record');
  });

  it('a 転出 row for someone sasaeai never had does nothing, with a note', () => {
    const plan = planRow(row(record({ status: 'moved_out' })), undefined, units);
    expect(plan.action).toBe('unchanged');
    expect(plan.problems[0]).toMatchObject({ code: 'not_registered', severity: 'note' });
  });

  it('a row with a parse error stays an error', () => {
    expect(planRow(row(null), undefined, units).action).toBe('error');
  });

  it('counts add up by action, and rows with warnings are counted', () => {
    const plans = [planRow(row(record()), undefined, units), planRow(row(record({ address: 'どこか' })), undefined, units), planRow(row(null), undefined, units)];
    expect(countPlans(plans)).toEqual({ total: 3, new: 2, changed: 0, moved_out: 0, deceased: 0, unchanged: 0, error: 1, warnings: 1 });
  });
});
