import { describe, expect, it } from 'vitest';
import { fiscalYear, searchKey } from '../../core/japanese';
import { shippedStructure } from '../modules/org';
import { type ConsultationWorld, CONSULTATIONS_UNTIL, SyntheticConsultations, syntheticConsultations } from './consultations';

const structure = shippedStructure('352136');
if (!structure) throw new Error('the shipped structure of 352136 is missing');
const units = structure.units.map((u) => ({ id: u.id, parentId: u.parentId ?? null, tier: u.tier, kind: u.kind }));
const districts = units.filter((u) => u.tier === 'district');
const world: ConsultationWorld = {
  units,
  people: districts.flatMap((d, i) => Array.from({ length: 40 }, (_, k) => ({ id: `p-${i}-${String(k).padStart(3, '0')}`, unitId: d.id }))),
  workers: { hub: ['acc-coordinator'], 'centre-mine': ['acc-csw-mine'], 'district-omine': ['acc-commissioner', 'acc-district-omine'] },
};
const N = 20_000;
const all = syntheticConsultations(world, N, 42);
const share = (f: (c: (typeof all)[number]) => boolean) => all.filter(f).length / all.length;
const tierOf = new Map(units.map((u) => [u.id, u.tier]));

describe('synthetic consultations', () => {
  it('the same seed and world give the same consultations; another seed, others', () => {
    expect(syntheticConsultations(world, N, 42).slice(0, 300)).toEqual(all.slice(0, 300));
    expect(new SyntheticConsultations(world, { seed: 42, count: N }).take(50)).toEqual(all.slice(0, 50));
    expect(syntheticConsultations(world, 50, 7).map((c) => c.summary)).not.toEqual(all.slice(0, 50).map((c) => c.summary));
  });

  it('are clearly fictional: 【架空】 summaries, recognisable IDs', () => {
    expect(all.every((c) => c.summary.startsWith('【架空】') && c.id.startsWith('00000000-c0c0-'))).toBe(true);
    expect(new Set(all.map((c) => c.id)).size).toBe(N);
    expect(new Set(all.flatMap((c) => c.events.map((e) => e.id))).size).toBe(all.reduce((a, c) => a + c.events.length, 0));
  });

  it('most are owned by districts, fewer by the area centres, fewest by the city hub', () => {
    const district = share((c) => tierOf.get(c.owningUnitId) === 'district');
    const area = share((c) => tierOf.get(c.owningUnitId) === 'area');
    const city = share((c) => tierOf.get(c.owningUnitId) === 'city');
    expect(district).toBeGreaterThan(0.55);
    expect(area).toBeGreaterThan(0.1);
    expect(city).toBeGreaterThan(0.03);
    expect(area).toBeGreaterThan(city);
    expect(district).toBeGreaterThan(area);
  });

  it('about 35 % are open; a closed one has an outcome and a closing date after its intake, an open one neither', () => {
    const open = share((c) => c.stage !== 'closed');
    expect(open).toBeGreaterThan(0.3);
    expect(open).toBeLessThan(0.4);
    for (const c of all) {
      expect(c.stage === 'closed').toBe(c.outcome !== null);
      expect(c.stage === 'closed').toBe(c.closedAt !== null);
      if (c.closedAt) expect(c.closedAt >= c.createdAt).toBe(true);
      if (c.outcome === 'declined' || c.outcome === 'unreachable') expect(c.followUpDate).not.toBeNull();
    }
  });

  it('span two fiscal years up to the end date, oldest first; receipt numbers run 1, 2, 3 … per fiscal year', () => {
    const years = [...new Set(all.map((c) => c.fiscalYear))];
    const until = fiscalYear(CONSULTATIONS_UNTIL);
    expect(years).toEqual([until - 1, until]);
    expect(new Set(all.map((c) => c.receiptNumber)).size).toBe(N);
    for (const fy of years) {
      const serials = all.filter((c) => c.fiscalYear === fy).map((c) => c.serial);
      expect(serials).toEqual(serials.map((_, i) => i + 1));
    }
    for (let i = 1; i < all.length; i++) expect(all[i]!.createdAt >= all[i - 1]!.createdAt).toBe(true);
    expect(all.at(-1)!.createdAt <= `${CONSULTATIONS_UNTIL}T23:59:59Z`).toBe(true);
    expect(all[0]!.receiptNumber).toBe(`${until - 1}-00001`);
  });

  it('continue after the receipt numbers already taken', () => {
    const fy = fiscalYear(CONSULTATIONS_UNTIL) - 1;
    const [first] = new SyntheticConsultations(world, { seed: 42, count: N, serialsTaken: { [fy]: 41 } }).take(1);
    expect(first!.receiptNumber).toBe(`${fy}-00042`);
  });

  it('carry the search text the service computes: receipt, subject and summary folded by searchKey', () => {
    for (const c of all.slice(0, 2000)) expect(c.searchText).toBe(searchKey(`${c.receiptNumber} ${c.subjectLabel} ${c.summary}`));
    expect(all[5]!.searchText).toContain(searchKey(all[5]!.receiptNumber)); // 2025-00006 → 202500006: what a typed receipt folds to
  });

  it('each starts with one intake event at its door; its holders are its door and its owner', () => {
    for (const c of all) {
      expect(c.events[0]!.kind).toBe('intake');
      expect(c.events[0]!.at).toBe(c.createdAt);
      expect(c.events.filter((e) => e.kind === 'intake')).toHaveLength(1);
      expect(c.holders.map((h) => h.unitId).sort()).toEqual([...new Set([c.doorUnitId, c.owningUnitId])].sort());
      expect(c.events.some((e) => e.kind === 'escalation')).toBe(c.doorUnitId !== c.owningUnitId);
      expect(c.updatedAt).toBe(c.events.at(-1)!.at);
    }
    expect(share((c) => c.doorUnitId !== c.owningUnitId)).toBeGreaterThan(0.05);
    expect(share((c) => c.events.some((e) => e.kind === 'note'))).toBeGreaterThan(0.6);
  });

  it('a mix of channels, categories and urgency; about a third name a person of their district; workers are of the owning unit', () => {
    expect(new Set(all.map((c) => c.channel)).size).toBe(6);
    expect(new Set(all.flatMap((c) => c.categories)).size).toBe(13);
    expect(all.every((c) => new Set(c.categories).size === c.categories.length)).toBe(true);
    expect(share((c) => c.urgency === 'emergency')).toBeLessThan(0.06);
    const linked = share((c) => c.personId !== null);
    expect(linked).toBeGreaterThan(0.25);
    expect(linked).toBeLessThan(0.4);
    const personUnit = new Map(world.people.map((p) => [p.id, p.unitId]));
    for (const c of all.filter((x) => x.personId)) expect(tierOf.get(personUnit.get(c.personId!)!)).toBe('district');
    for (const c of all.filter((x) => x.assignedAccountId)) expect(world.workers[c.owningUnitId]).toContain(c.assignedAccountId);
    expect(share((c) => c.stage !== 'closed' && c.firstContactAt === null && c.firstContactDueAt < `${CONSULTATIONS_UNTIL}T00:00:00Z`)).toBeGreaterThan(0);
  });
});
