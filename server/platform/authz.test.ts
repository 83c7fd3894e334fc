import { describe, expect, it } from 'vitest';
import type { Permission } from '../../core/permissions';
import { type Actor, can, SqlParams, type VisibilityColumns, visibleTo } from './authz';

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

/** The grant branch: the actor's granted ids as one array per statement (an InitPlan), matched on the row's id. */
const GRANT = (n: { municipality: number; account: number; type: number }, alias = 'p', id = 'person_id') =>
  `${alias}.${id} = ANY(ARRAY(SELECT g.record_id FROM record_grants g WHERE g.municipality_code = $${n.municipality} AND g.account_id = $${n.account} AND g.record_type = $${n.type} AND g.starts_at <= now() AND g.ends_at > now()))`;

describe('visibleTo: the row filter each reach builds', () => {
  it('municipality reach: only the tenant condition, nothing narrower', () => {
    const { where, params } = build(actor({ reach: 'municipality' }));
    expect(where).toBe('p.municipality_code = $1');
    expect(params).toEqual(['352136']);
  });

  it('subtree reach (a CSW): rows owned by my unit or a unit under it, mine, or granted to me', () => {
    const { where, params } = build(actor());
    expect(where).toBe(
      `(p.municipality_code = $1 AND (p.owner_unit_id = ANY($2::text[]) OR p.created_by = $3 OR p.assigned_to = $3 OR ${GRANT({ municipality: 4, account: 5, type: 6 })}))`,
    );
    expect(params).toEqual(['352136', ['centre-mine', 'district-isa', 'district-omine'], 'acc-1', '352136', 'acc-1', 'person']);
  });

  it('unit reach (a district council): my own units only, not the subtree', () => {
    const { where, params } = build(actor({ reach: 'unit', unitIds: ['district-omine'], subtreeUnitIds: ['district-omine', 'nbh-omine-1'] }));
    expect(where).toContain('p.owner_unit_id = ANY($2::text[])');
    expect(params[1]).toEqual(['district-omine']);
  });

  it('own reach (a 民生委員): no unit condition at all, only my zone, my own records and grants', () => {
    const { where, params } = build(actor({ reach: 'own', unitIds: ['district-omine'], subtreeUnitIds: ['district-omine'], areaIds: ['zone-omine-1'] }));
    expect(where).not.toContain('owner_unit_id');
    expect(where).toBe(
      `(p.municipality_code = $1 AND (p.area_id = ANY($2::text[]) OR p.created_by = $3 OR p.assigned_to = $3 OR ${GRANT({ municipality: 4, account: 5, type: 6 })}))`,
    );
    expect(params).toEqual(['352136', ['zone-omine-1'], 'acc-1', '352136', 'acc-1', 'person']);
  });

  it('own reach without a zone: only my records and grants', () => {
    const { where } = build(actor({ reach: 'own', areaIds: [] }));
    expect(where).not.toContain('area_id');
    expect(where).toContain('p.created_by = $2');
  });

  it('a unit-reach actor with no unit gets no unit condition (never `ANY(empty)` that could be mistaken for all)', () => {
    const { where } = build(actor({ reach: 'unit', unitIds: [] }));
    expect(where).not.toContain('owner_unit_id');
  });

  it('a table without unit, area or account columns is visible below municipality reach only through grants', () => {
    const { where } = build(actor(), { alias: 'x', recordType: 'note', idColumn: 'note_id' });
    expect(where).toBe(
      `(x.municipality_code = $1 AND (${GRANT({ municipality: 2, account: 3, type: 4 }, 'x', 'note_id')}))`,
    );
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
