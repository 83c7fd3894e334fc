import type { z } from 'zod';
import type { Location, PublicServiceDetail, PublicServiceList, PublicServiceQuery, Schedule, Service } from '../../../core/contracts/directory';
import { anyOpenAt, type IsHoliday } from '../../../core/directory';
import { isJapaneseHoliday, SUPPORTED_HOLIDAY_YEARS, searchKey } from '../../../core/japanese';
import type { Queryable } from '../../platform/db';
import { invalidField, notFound } from '../../platform/errors';
import { allUnits, listUnitTowns, unitForAddress } from '../org';
import { type Directory, loadDirectory } from './directory.repo';
import { listGroup, reachFor } from './reach';

/**
 * The public directory (no sign-in): published, non-deleted services, searched by words
 * (folded with searchKey, so width, kana and variant kanji do not matter), category, layer,
 * area and "open now" in Japan time with holidays closed. Help windows come first, salons
 * last, and every entry names who answers its telephone (reach.ts).
 */

/** The holiday calendar `openNow` uses: 国民の祝日 from core/japanese (it knows 1980–2099; other years have none). */
export const holidayCalendar: IsHoliday = (isoDate) => {
  const year = Number(isoDate.slice(0, 4));
  return year >= SUPPORTED_HOLIDAY_YEARS.first && year <= SUPPORTED_HOLIDAY_YEARS.last && isJapaneseHoliday(isoDate);
};

const visible = (s: Service) => s.isPublished;

/** The schedules that say when a service is open: its own, else those of its locations. */
export function effectiveSchedules(s: Service, locations: Map<string, Location>): Schedule[] {
  if (s.schedules.length > 0) return s.schedules;
  return s.serviceAtLocations.flatMap((x) => locations.get(x.locationId)?.schedules ?? []);
}

/** The unit a resident's `area` means: a unit id, a 町名, or an address containing one. */
async function resolveArea(db: Queryable, m: string, area: string): Promise<{ unitId: string; related: Set<string> }> {
  const units = await allUnits(db, m);
  let unitId: string | null = units.some((u) => u.id === area) ? area : null;
  if (!unitId) {
    const text = area.normalize('NFKC');
    unitId = (await listUnitTowns(db, m)).find((t) => t.town === text)?.unitId ?? (await unitForAddress(db, m, text));
  }
  if (!unitId) throw invalidField(['area'], 'not_found', 'no such area or town');
  // A service for an area serves the districts under it; one for a district is "in" its area too.
  const parent = new Map(units.map((u) => [u.id, u.parentId]));
  const related = new Set<string>([unitId]);
  for (let p = parent.get(unitId) ?? null; p; p = parent.get(p) ?? null) related.add(p);
  let grew = true;
  while (grew) {
    grew = false;
    for (const u of units) {
      if (u.parentId && related.has(u.parentId) && !related.has(u.id) && isBelow(u.id, unitId, parent)) {
        related.add(u.id);
        grew = true;
      }
    }
  }
  return { unitId, related };
}

function isBelow(id: string, ancestor: string, parent: Map<string, string | null>): boolean {
  for (let p = parent.get(id) ?? null; p; p = parent.get(p) ?? null) if (p === ancestor) return true;
  return false;
}

/** Every word of the query, folded as the stored key was, occurs in the service's search key. */
function matchesWords(key: string, q: string | undefined): boolean {
  const words = (q ?? '').split(/[\s\u3000]+/u).map(searchKey).filter((w) => w.length > 0);
  return words.every((w) => key.includes(w));
}

/** Searches the public directory. `now` is the instant `openNow` is judged at. */
export async function searchServices(db: Queryable, m: string, query: z.output<typeof PublicServiceQuery>, now = new Date()): Promise<z.infer<typeof PublicServiceList>> {
  const dir = await loadDirectory(db, m);
  const orgs = new Map(dir.organizations.map((o) => [o.id, o]));
  const locations = new Map(dir.locations.map((l) => [l.id, l]));
  const area = query.area ? await resolveArea(db, m, query.area) : null;
  const units = await allUnits(db, m);
  const found = dir.services
    .filter(visible)
    .filter((s) => !query.category || s.categories.includes(query.category))
    .filter((s) => !query.layer || s.layer === query.layer)
    .filter((s) => !area || s.areaUnitIds.length === 0 || s.areaUnitIds.some((u) => area.related.has(u)))
    .filter((s) => matchesWords(dir.searchKeys.get(s.id) ?? '', query.q))
    .map((s) => ({ s, open: anyOpenAt(effectiveSchedules(s, locations), now, holidayCalendar) }))
    .filter((x) => !query.openNow || x.open)
    .sort((a, b) => listGroup(a.s.categories) - listGroup(b.s.categories) || (a.s.nameReading || a.s.name).localeCompare(b.s.nameReading || b.s.name, 'ja'));
  const pageItems = found.slice((query.page - 1) * query.size, query.page * query.size);
  return {
    total: found.length,
    page: query.page,
    size: query.size,
    items: pageItems.map(({ s, open }) => ({
      id: s.id, name: s.name, nameReading: s.nameReading, organizationName: orgs.get(s.organizationId)?.name ?? '', layer: s.layer, categories: s.categories,
      easySummary: s.easySummary, status: s.status, isDemo: s.isDemo, openNow: open,
      phones: s.phones.map(({ id: _id, ...p }) => p), schedules: effectiveSchedules(s, locations), areaUnitIds: s.areaUnitIds,
      reach: reachFor(s, dir.organizations, units),
    })),
  };
}

/** One published service with its organisation and locations, for the service page. */
export async function readService(db: Queryable, m: string, id: string, now = new Date()): Promise<PublicServiceDetail> {
  const dir: Directory = await loadDirectory(db, m);
  const s = dir.services.find((x) => x.id === id && visible(x));
  const org = s && dir.organizations.find((o) => o.id === s.organizationId);
  if (!s || !org) throw notFound();
  const locations = new Map(dir.locations.map((l) => [l.id, l]));
  const { version: _v, updatedAt: _u, isPublished: _p, serviceAtLocations, ...rest } = s;
  const { version: _ov, updatedAt: _ou, ...organization } = org;
  return {
    ...rest,
    schedules: effectiveSchedules(s, locations),
    openNow: anyOpenAt(effectiveSchedules(s, locations), now, holidayCalendar),
    reach: reachFor(s, dir.organizations, await allUnits(db, m)),
    organization,
    locations: serviceAtLocations.flatMap((x) => {
      const l = locations.get(x.locationId);
      if (!l) return [];
      const { version: _lv, updatedAt: _lu, organizationId: _lo, ...loc } = l;
      return [loc];
    }),
  };
}

/** The areas a resident can filter by: the welfare areas and districts, with their towns. */
export async function listPublicAreas(db: Queryable, m: string) {
  const [units, towns] = [await allUnits(db, m), await listUnitTowns(db, m)];
  const items = units
    .filter((u) => u.isActive && (u.tier === 'area' || u.tier === 'district'))
    .map((u) => ({ id: u.id, nameJa: u.nameJa, nameEn: u.nameEn, tier: u.tier, parentId: u.parentId, towns: towns.filter((t) => t.unitId === u.id).map((t) => t.town) }));
  return { items, total: items.length };
}
