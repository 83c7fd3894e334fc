import type { Unit } from '../../../core/contracts/org';

export interface UnitNode {
  unit: Unit;
  depth: number;
  children: UnitNode[];
}

const byOrder = (a: Unit, b: Unit) => a.sortOrder - b.sortOrder || a.id.localeCompare(b.id);

/** The units as a forest by parentId; a unit whose parent is missing becomes a root. */
export function buildTree(units: readonly Unit[]): UnitNode[] {
  const ids = new Set(units.map((u) => u.id));
  const childrenOf = new Map<string | null, Unit[]>();
  for (const u of units) {
    const key = u.parentId && ids.has(u.parentId) ? u.parentId : null;
    const list = childrenOf.get(key) ?? [];
    list.push(u);
    childrenOf.set(key, list);
  }
  const seen = new Set<string>();
  const build = (parent: string | null, depth: number): UnitNode[] =>
    (childrenOf.get(parent) ?? [])
      .slice()
      .sort(byOrder)
      .filter((u) => !seen.has(u.id) && seen.add(u.id))
      .map((u) => ({ unit: u, depth, children: build(u.id, depth + 1) }));
  return build(null, 0);
}

/** Depth-first order with depth, for <select> options. */
export function flatten(nodes: readonly UnitNode[]): UnitNode[] {
  return nodes.flatMap((n) => [n, ...flatten(n.children)]);
}

/** The ids of a unit and every unit under it (a unit cannot move under these). */
export function subtreeIds(nodes: readonly UnitNode[], id: string): Set<string> {
  const out = new Set<string>();
  const walk = (n: UnitNode, inside: boolean) => {
    const here = inside || n.unit.id === id;
    if (here) out.add(n.unit.id);
    for (const c of n.children) walk(c, here);
  };
  for (const n of nodes) walk(n, false);
  return out;
}
