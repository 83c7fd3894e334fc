import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Permission } from '../../core/permissions';
import { type Actor, can, SqlParams, type VisibilityColumns, visibleTo } from './authz';
import { setClock } from './clock';

const AT = '2026-12-01T00:00:00.000Z';
/** A reach condition over units: the owner unit matched against a parameter (scoped grants match against an InitPlan array instead). */
const REACH_BY_UNIT = /owner_unit_id = ANY\(\$\d+::text\[\]\)/;

/** An actor with overrides; defaults to a CSW of the 美祢 centre. */
function actor(overrides: Partial<Actor> = {}): Actor {
  return {
    accountId: 'acc-1',
    loginId: 'csw-mine',
    displayName: 'CSW',
    municipalityCode: '352136',
    roles: ['csw'],
    permissions: new Set<Permission>(['self.read', 'people.read']),
    reach: 'subtree',
    unitIds: ['centre-mine'],
    subtreeUnitIds: ['centre-mine', 'district-isa', 'district-omine'],
    areaIds: [],
    stage: 'full',
    csrfToken: 'x',
    isDemo: false,
    sessionExpiresAt: new Date(),
    ...overrides,
  };
}

const PERSON: VisibilityColumns = { alias: 'p', recordType: 'person', idColumn: 'person_id', ownerUnitColumn: 'owner_unit_id', areaColumn: 'area_id', accountColumns: ['created_by', 'assigned_to'] };

const build = (a: Actor, cols = PERSON, initial: unknown[] = []) => {
  const sql = new SqlParams(initial);
  return { where: visibleTo(a, cols, sql).replace(/\s+/g, ' '), params: sql.values };
};

/**
 * The grant branch: the actor's granted ids (and, for a type with an owner unit or an area, the
 * units and areas of scoped grants) as arrays computed once per statement (InitPlans), matched on
 * the row's columns; time from the platform clock as a parameter. `n` numbers the parameters.
 */
function GRANT(n: { at: number; account: number; municipality: number; type: number; units?: number }, alias = 'p', id = 'person_id', scoped: string[] = ['owner_unit_id', 'area_id']) {
  const grantees = `g.account_id = $${n.account}${n.units ? ` OR g.grantee_unit_id = ANY($${n.units}::text[])` : ''}`;
  const active = `g.municipality_code = $${n.municipality} AND g.record_type = $${n.type} AND g.starts_at <= $${n.at}::timestamptz AND g.ends_at > $${n.at}::timestamptz AND (${grantees})`;
  const any = [`${alias}.${id} = ANY(ARRAY(SELECT g.record_id FROM record_grants g WHERE ${active} AND g.record_id IS NOT NULL))`];
  if (scoped.includes('owner_unit_id')) any.push(`${alias}.owner_unit_id = ANY(ARRAY(SELECT g.scope_unit_id FROM record_grants g WHERE ${active} AND g.scope_unit_id IS NOT NULL))`);
  if (scoped.includes('area_id')) any.push(`${alias}.area_id = ANY(ARRAY(SELECT g.scope_area_id FROM record_grants g WHERE ${active} AND g.scope_area_id IS NOT NULL))`);
  return any.length === 1 ? any[0]! : `(${any.join(' OR ')})`;
}

describe('visibleTo: the row filter each reach builds', () => {
  let restore: () => void;
  beforeEach(() => {
    restore = setClock(AT);
  });
  afterEach(() => restore());

  it('municipality reach: only the tenant condition, nothing narrower', () => {
    const { where, params } = build(actor({ reach: 'municipality' }));
    expect(where).toBe('p.municipality_code = $1');
    expect(params).toEqual(['352136']);
  });

  it('subtree reach (a CSW): rows owned by my unit or a unit under it, mine, or granted to me', () => {
    const { where, params } = build(actor());
    expect(where).toBe(
      `(p.municipality_code = $1 AND ((p.owner_unit_id = ANY($2::text[]) OR p.created_by = $3 OR p.assigned_to = $3) OR ${GRANT({ at: 4, account: 5, municipality: 6, type: 7 })}))`,
    );
    expect(params).toEqual(['352136', ['centre-mine', 'district-isa', 'district-omine'], 'acc-1', AT, 'acc-1', '352136', 'person']);
  });

  it('unit reach (a district council): my own units only, not the subtree', () => {
    const { where, params } = build(actor({ reach: 'unit', unitIds: ['district-omine'], subtreeUnitIds: ['district-omine', 'nbh-omine-1'] }));
    expect(where).toContain('p.owner_unit_id = ANY($2::text[])');
    expect(params[1]).toEqual(['district-omine']);
  });

  it('own reach (a 民生委員): no unit condition at all, only my zone, my own records and grants', () => {
    const { where, params } = build(actor({ reach: 'own', unitIds: ['district-omine'], subtreeUnitIds: ['district-omine'], areaIds: ['zone-omine-1'] }));
    expect(where).not.toMatch(REACH_BY_UNIT);
    expect(where).toBe(
      `(p.municipality_code = $1 AND ((p.area_id = ANY($2::text[]) OR p.created_by = $3 OR p.assigned_to = $3) OR ${GRANT({ at: 4, account: 5, municipality: 6, type: 7 })}))`,
    );
    expect(params).toEqual(['352136', ['zone-omine-1'], 'acc-1', AT, 'acc-1', '352136', 'person']);
  });

  it('own reach without a zone: only my records and grants', () => {
    const { where } = build(actor({ reach: 'own', areaIds: [] }));
    expect(where).not.toMatch(/area_id = ANY\(\$\d+::text\[\]\)/);
    expect(where).toContain('p.created_by = $2');
  });

  it('a unit-reach actor with no unit gets no unit condition (never `ANY(empty)` that could be mistaken for all)', () => {
    const { where } = build(actor({ reach: 'unit', unitIds: [] }));
    expect(where).not.toMatch(REACH_BY_UNIT);
  });

  it('a table without unit, area or account columns is visible below municipality reach only through grants', () => {
    const { where } = build(actor(), { alias: 'x', recordType: 'note', idColumn: 'note_id' });
    expect(where).toBe(
      `(x.municipality_code = $1 AND ${GRANT({ at: 2, account: 3, municipality: 4, type: 5 }, 'x', 'note_id', [])})`,
    );
  });

  it('even a municipality-wide role sees a record type with no owner only through grants', () => {
    const { where } = build(actor({ reach: 'municipality' }), { alias: 'x', recordType: 'note', idColumn: 'note_id' });
    expect(where).toBe(`(x.municipality_code = $1 AND ${GRANT({ at: 2, account: 3, municipality: 4, type: 5 }, 'x', 'note_id', [])})`);
  });

  it('a grant made to a unit counts only for its members who hold the type\'s receiving permission', () => {
    const REFERRAL: VisibilityColumns = { alias: 'r', recordType: 'referral', idColumn: 'referral_id', unitGrantPermission: 'referrals.respond' };
    const receiver = actor({ reach: 'own', unitIds: ['agency-1'], permissions: new Set<Permission>(['referrals.respond']) });
    const { where, params } = build(receiver, REFERRAL);
    expect(where).toBe(`(r.municipality_code = $1 AND ${GRANT({ at: 2, account: 3, units: 4, municipality: 5, type: 6 }, 'r', 'referral_id', [])})`);
    expect(params[3]).toEqual(['agency-1']);
    const commissioner = actor({ reach: 'own', unitIds: ['agency-1'], permissions: new Set<Permission>(['referrals.read']) });
    expect(build(commissioner, REFERRAL).where).not.toContain('grantee_unit_id');
  });

  it('compares grant times with the platform clock, not the database\'s now()', () => {
    const restore = setClock('2027-06-01T00:00:00.000Z');
    try {
      const { where, params } = build(actor());
      expect(where).not.toContain('now()');
      expect(params).toContain('2027-06-01T00:00:00.000Z');
    } finally {
      restore();
    }
  });

  it('leaves out the grant clauses of kinds the actor holds none of (as the session lookup loads them), and keeps those it holds', () => {
    expect(build(actor({ grantKinds: new Set() })).where).not.toContain('record_grants');
    expect(build(actor({ reach: 'own', areaIds: [], grantKinds: new Set() })).where).toBe('(p.municipality_code = $1 AND ((p.created_by = $2 OR p.assigned_to = $2) OR false))');
    const scoped = build(actor({ grantKinds: new Set(['person:unit']) })).where;
    expect(scoped).toContain('g.scope_unit_id');
    expect(scoped).not.toContain('g.record_id');
    expect(scoped).not.toContain('g.scope_area_id');
    expect(build(actor({ grantKinds: new Set(['person']) })).where).toContain('g.record_id');
    // Another type's grants do not count.
    expect(build(actor({ grantKinds: new Set(['consultation']) })).where).not.toContain('record_grants');
  });

  it('numbers its parameters after those already in the query', () => {
    const { where, params } = build(actor({ reach: 'municipality' }), PERSON, ['already', 'there']);
    expect(where).toBe('p.municipality_code = $3');
    expect(params).toEqual(['already', 'there', '352136']);
  });

  it('never puts a value into the SQL text: ids with quotes stay parameters', () => {
    const evil = "x' OR '1'='1";
    const { where, params } = build(actor({ accountId: evil, municipalityCode: evil, subtreeUnitIds: [evil], areaIds: [evil] }));
    expect(where).not.toContain(evil);
    expect(params).toContain(evil);
  });
});

describe('can', () => {
  it('is true only for a full session holding the permission', () => {
    expect(can(actor(), 'people.read')).toBe(true);
    expect(can(actor(), 'people.write')).toBe(false);
    expect(can(actor({ stage: 'totp_enrolment' }), 'people.read')).toBe(false);
    expect(can(null, 'self.read')).toBe(false);
  });

  it('an unknown permission never matches', () => {
    expect(can(actor(), 'people.everything' as Permission)).toBe(false);
  });
});
