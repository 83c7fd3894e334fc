import { Category, Stage } from '../../../core/contracts/consultations';
import type { Reach } from '../../../core/permissions';

/** The queue's filters as they live in the URL (so a filtered queue can be bookmarked and shared). */
export interface QueueFilters {
  view: 'mine' | 'unit' | 'all';
  tier: '' | 'city' | 'area' | 'district';
  unitId: string;
  category: string;
  stage: string;
  status: 'open' | 'closed' | 'any';
  overdue: boolean;
  unassigned: boolean;
  q: string;
  offset: number;
}

export const QUEUE_LIMIT = 25;
const VIEWS = ['mine', 'unit', 'all'] as const;
const TIERS = ['city', 'area', 'district'] as const;
const STATUSES = ['open', 'closed', 'any'] as const;

function oneOf<T extends string>(values: readonly T[], v: string | null, fallback: T): T {
  return v !== null && (values as readonly string[]).includes(v) ? (v as T) : fallback;
}

/**
 * The tab a queue opens on: where this reader's new work lands. A worker who sees what their
 * unit owns (reach unit, subtree, municipality) gets new consultations through the unit, so
 * 組織の相談; one who sees only their own (a 民生委員, an agency worker) gets it assigned, so 自分の担当.
 */
export function defaultView(reach: Reach | undefined): QueueFilters['view'] {
  return reach === undefined || reach === 'own' ? 'mine' : 'unit';
}

/** Reads the filters from the address bar; anything unknown falls back to the default (the reader's own tab for the view). */
export function filtersFromSearch(search: URLSearchParams, view: QueueFilters['view'] = 'mine'): QueueFilters {
  const offset = Number(search.get('offset') ?? '0');
  const category = search.get('category') ?? '';
  const stage = search.get('stage') ?? '';
  return {
    view: oneOf(VIEWS, search.get('view'), view),
    tier: oneOf<QueueFilters['tier']>(TIERS, search.get('tier'), ''),
    unitId: (search.get('unitId') ?? '').slice(0, 64),
    category: Category.safeParse(category).success ? category : '',
    stage: Stage.safeParse(stage).success ? stage : '',
    status: oneOf(STATUSES, search.get('status'), 'open'),
    overdue: search.get('overdue') === '1',
    unassigned: search.get('unassigned') === '1',
    q: (search.get('q') ?? '').slice(0, 100),
    offset: Number.isInteger(offset) && offset > 0 ? offset : 0,
  };
}

/** The filters as query parameters, defaults left out (for the address bar and for the API). */
export function filtersToParams(f: QueueFilters): Record<string, string | undefined> {
  return {
    view: f.view,
    tier: f.tier || undefined,
    unitId: f.unitId || undefined,
    category: f.category || undefined,
    stage: f.stage || undefined,
    status: f.status === 'open' ? undefined : f.status,
    overdue: f.overdue ? '1' : undefined,
    unassigned: f.unassigned ? '1' : undefined,
    q: f.q.trim() || undefined,
    offset: f.offset > 0 ? String(f.offset) : undefined,
  };
}

/** Which rows a page shows (1-based, for "21–40 of 95") and where the previous and next pages start. */
export function pageInfo(total: number, offset: number, limit: number): { from: number; to: number; prev: number | null; next: number | null } {
  const from = total === 0 ? 0 : Math.min(offset + 1, total);
  const to = Math.min(offset + limit, total);
  return { from, to, prev: offset > 0 ? Math.max(0, offset - limit) : null, next: offset + limit < total ? offset + limit : null };
}
