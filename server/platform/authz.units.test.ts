import { describe, expect, it } from 'vitest';
import type { Permission } from '../../core/permissions';
import { type Actor, SqlParams, unitsInReach, type VisibilityColumns, visibleTo } from './authz';

/** An actor with overrides; defaults to a CSW of the 美祢 centre. */
function actor(overrides: Partial<Actor> = {}): Actor {
  return {
    accountId: 'acc-1', loginId: 'csw-mine', displayName: 'CSW', municipalityCode: '352136', roles: ['csw'],
    permissions: new Set<Permission>(['self.read', 'people.read']), reach: 'subtree', unitIds: ['centre-mine'],
    subtreeUnitIds: ['centre-mine', 'district-isa', 'district-omine'], areaIds: [], stage: 'full', csrfToken: 'x', isDemo: false,
    sessionExpiresAt: new Date(), ...overrides,
  };
}

const PERSON: VisibilityColumns = { alias: 'p', recordType: 'person', idColumn: 'person_id', ownerUnitColumn: 'owner_unit_id', areaColumn: 'area_id', accountColumns: ['created_by'] };

describe('unitsInReach: the units a walk per unit reads (the people search) are the unit branch of visibleTo', () => {
  const shapes: [string, Partial<Actor>][] = [
    ['municipality', { reach: 'municipality' }],
    ['subtree', { reach: 'subtree' }],
    ['unit', { reach: 'unit', unitIds: ['district-omine'], subtreeUnitIds: ['district-omine', 'nbh-omine-1'] }],
    ['own', { reach: 'own', unitIds: ['district-omine'], areaIds: ['zone-omine-1'] }],
    ['unit without a unit', { reach: 'unit', unitIds: [] }],
  ];
  for (const [name, shape] of shapes) {
    it(`${name} reach: the same units visibleTo filters on`, () => {
      const a = actor(shape);
      const sql = new SqlParams();
      const where = visibleTo(a, PERSON, sql).replace(/\s+/g, ' ');
      const units = unitsInReach(a);
      if (units === 'all') {
        expect(where).toBe('p.municipality_code = $1');
      } else if (units.length === 0) {
        expect(where).not.toContain('owner_unit_id = ANY($2');
      } else {
        expect(where).toContain('p.owner_unit_id = ANY($2::text[])');
        expect(sql.values[1]).toEqual(units);
      }
    });
  }
});
