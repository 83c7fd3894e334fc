import { describe, expect, it } from 'vitest';
import type { Unit } from '../../../core/contracts/org';
import { buildTree, flatten, subtreeIds } from './tree';

const unit = (id: string, parentId: string | null, sortOrder = 0): Unit => ({
  id,
  parentId,
  tier: 'city',
  kind: 'hub',
  nameJa: id,
  nameEn: '',
  phone: '',
  sortOrder,
  isActive: true,
  updatedAt: '',
});

describe('unit tree', () => {
  const units = [unit('hub', null, 10), unit('centre-b', 'hub', 20), unit('centre-a', 'hub', 10), unit('district', 'centre-a'), unit('division', null, 5), unit('orphan', 'gone')];

  it('nests by parentId, orders by sortOrder, and makes orphans roots', () => {
    const tree = buildTree(units);
    expect(tree.map((n) => n.unit.id)).toEqual(['orphan', 'division', 'hub']);
    expect(flatten(tree).map((n) => `${n.depth}:${n.unit.id}`)).toEqual(['0:orphan', '0:division', '0:hub', '1:centre-a', '2:district', '1:centre-b']);
  });

  it('names a unit and everything under it', () => {
    expect([...subtreeIds(buildTree(units), 'centre-a')].sort()).toEqual(['centre-a', 'district']);
  });

  it('survives a cycle in the data', () => {
    const cyclic = [unit('a', 'b'), unit('b', 'a'), unit('root', null)];
    expect(flatten(buildTree(cyclic)).map((n) => n.unit.id)).toEqual(['root']);
  });
});
