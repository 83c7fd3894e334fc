import type { z } from 'zod';
import type { Tier } from '../../../core/contracts/common';
import type { UnitKind } from '../../../core/contracts/org';

type UnitTier = z.infer<typeof Tier>;

/** One unit of the tier tree as other modules need it. */
export interface UnitNode {
  id: string;
  parentId: string | null;
  tier: UnitTier;
  kind: z.infer<typeof UnitKind>;
  nameJa: string;
  nameEn: string;
  phone: string;
  isActive: boolean;
}

/**
 * The tier tree of a municipality (DESIGN.md §5: city → area → district → neighbourhood), as data
 * loaded once per operation. Every module asks it — never its own copy — for a unit, the units
 * below one, where a case goes up, the area centre over a district and the city hub.
 */
export class TierTree {
  private readonly byId: ReadonlyMap<string, UnitNode>;

  constructor(units: readonly UnitNode[]) {
    this.byId = new Map(units.map((u) => [u.id, u]));
  }

  /** Every unit, in the order the municipality sorts them. */
  all(): UnitNode[] {
    return [...this.byId.values()];
  }

  unit(id: string | null | undefined): UnitNode | undefined {
    return id ? this.byId.get(id) : undefined;
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  /** The unit's name in the reader's language (Japanese when there is no English name). */
  nameOf(id: string | null | undefined, locale: 'ja' | 'en' = 'ja'): string | null {
    const u = this.unit(id);
    if (!u) return id ?? null;
    return locale === 'en' && u.nameEn ? u.nameEn : u.nameJa;
  }

  /** Every active unit strictly below `unitId`: where a case can be handed down to. */
  below(unitId: string): UnitNode[] {
    const out: UnitNode[] = [];
    const walk = (id: string) => {
      for (const u of this.byId.values()) {
        if (u.parentId !== id) continue;
        if (u.isActive) out.push(u);
        walk(u.id);
      }
    };
    walk(unitId);
    return out;
  }

  /** The unit and its ancestors, nearest first (stops at a cycle, which org refuses to store). */
  ancestors(unitId: string): UnitNode[] {
    const out: UnitNode[] = [];
    const seen = new Set<string>();
    for (let u = this.unit(unitId); u && !seen.has(u.id); u = this.unit(u.parentId)) {
      seen.add(u.id);
      out.push(u);
    }
    return out;
  }

  /**
   * Where a case goes up from `unitId`: its active parent, one tier up (district → area centre →
   * city hub); null at the city tier or with no active parent — from there a case goes to
   * specialist agencies by referral, never "up and away".
   */
  escalationTarget(unitId: string): UnitNode | null {
    const owner = this.unit(unitId);
    if (!owner || owner.tier === 'city' || !owner.parentId) return null;
    const parent = this.unit(owner.parentId);
    return parent && parent.isActive ? parent : null;
  }

  /** The nearest active unit of `tier` at or above `unitId` (the area centre over a district), or null. */
  nearest(unitId: string, tier: UnitTier): UnitNode | null {
    return this.ancestors(unitId).find((u) => u.tier === tier && u.isActive) ?? null;
  }

  /** Whose number to call for a unit: its own, the nearest unit's above it that has one, else the city division's (null when none has one). */
  phoneOf(unitId: string): UnitNode | null {
    return this.ancestors(unitId).find((u) => u.phone !== '') ?? this.all().find((u) => u.kind === 'division' && u.phone !== '') ?? null;
  }

  /** The city hub (or else another active city-tier unit): where a worry goes when nothing else decides, and the window residents are told of. */
  cityHub(): UnitNode | null {
    const active = this.all().filter((u) => u.isActive);
    return active.find((u) => u.kind === 'hub') ?? active.find((u) => u.tier === 'city') ?? null;
  }
}
