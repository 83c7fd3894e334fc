import { describe, expect, it } from 'vitest';
import { TierTree, type UnitNode } from './tier-tree';

const unit = (id: string, parentId: string | null, tier: UnitNode['tier'], kind: UnitNode['kind'], isActive = true): UnitNode => ({ id, parentId, tier, kind, nameJa: id, nameEn: id, phone: '', isActive });
const TREE = new TierTree(
  [
    unit('hub', null, 'city', 'hub'),
    unit('agency', null, 'city', 'agency'),
    unit('centre-a', 'hub', 'area', 'centre'),
    unit('centre-b', 'hub', 'area', 'centre'),
    unit('district-1', 'centre-a', 'district', 'district_council'),
    unit('district-2', 'centre-a', 'district', 'district_council', false),
    unit('district-3', 'centre-b', 'district', 'district_council'),
    unit('hood-1', 'district-1', 'neighbourhood', 'neighbourhood'),
  ],
);

describe('escalation goes one tier up and stops at the city', () => {
  it('district → centre → hub', () => {
    expect(TREE.escalationTarget('district-1')?.id).toBe('centre-a');
    expect(TREE.escalationTarget('centre-a')?.id).toBe('hub');
    expect(TREE.escalationTarget('hood-1')?.id).toBe('district-1');
  });
  it('refuses past the city, and from a unit with nowhere above', () => {
    expect(TREE.escalationTarget('hub')).toBeNull();
    expect(TREE.escalationTarget('agency')).toBeNull();
    expect(TREE.escalationTarget('missing')).toBeNull();
  });
});

describe('hand-down targets', () => {
  it('are the active units anywhere below the owner', () => {
    expect(TREE.below('hub').map((u) => u.id).sort()).toEqual(['centre-a', 'centre-b', 'district-1', 'district-3', 'hood-1']);
    expect(TREE.below('centre-a').map((u) => u.id).sort()).toEqual(['district-1', 'hood-1']);
    expect(TREE.below('hood-1')).toEqual([]);
  });
});

describe('the nearest unit of a tier and the city hub', () => {
  it('finds the area centre over a district and over a neighbourhood, and nothing above a centre', () => {
    expect(TREE.nearest('district-1', 'area')?.id).toBe('centre-a');
    expect(TREE.nearest('hood-1', 'area')?.id).toBe('centre-a');
    expect(TREE.nearest('centre-a', 'district')).toBeNull();
  });
  it('the hub is the active unit of kind hub', () => {
    expect(TREE.cityHub()?.id).toBe('hub');
    expect(new TierTree([unit('div', null, 'city', 'division')]).cityHub()?.id).toBe('div');
    expect(new TierTree([unit('c', null, 'area', 'centre')]).cityHub()).toBeNull();
  });
  it('names a unit in the reader\'s language and walks ancestors nearest first', () => {
    expect(TREE.ancestors('hood-1').map((u) => u.id)).toEqual(['hood-1', 'district-1', 'centre-a', 'hub']);
    expect(TREE.nameOf('hub', 'en')).toBe('hub');
    expect(TREE.nameOf('nowhere')).toBe('nowhere');
  });
});

describe('whose number to call for a unit', () => {
  it('its own, else the nearest above it with one, else the city division\'s; none when no unit has a number', () => {
    const withPhones = new TierTree([
      { ...unit('hub', null, 'city', 'hub'), phone: '' },
      { ...unit('div', null, 'city', 'division'), phone: '0837-00-0000' },
      { ...unit('centre-a', 'hub', 'area', 'centre'), phone: '0837-11-1111' },
      { ...unit('district-1', 'centre-a', 'district', 'district_council'), phone: '' },
      { ...unit('district-2', 'hub', 'district', 'district_council'), phone: '0837-22-2222' },
      { ...unit('district-3', 'hub', 'district', 'district_council'), phone: '' },
    ]);
    expect(withPhones.phoneOf('district-2')?.phone).toBe('0837-22-2222');
    expect(withPhones.phoneOf('district-1')?.id).toBe('centre-a');
    expect(withPhones.phoneOf('district-3')?.id).toBe('div');
    expect(new TierTree([unit('hub', null, 'city', 'hub')]).phoneOf('hub')).toBeNull();
  });
});
