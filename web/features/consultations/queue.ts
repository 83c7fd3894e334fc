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
  /** Keyset paging: the page after this cursor, or before it (from the API's nextCursor / prevCursor). */
  after: string;
  before: string;
  /** How many rows come before this page, for "26〜50件目" (the server pages by cursor, not by offset). */
  at: number;
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
  const at = Number(search.get('at') ?? '0');
  const cursor = (name: string) => (search.get(name) ?? '').slice(0, 400);
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
    after: cursor('after'),
    before: cursor('after') ? '' : cursor('before'),
    at: Number.isInteger(at) && at > 0 ? at : 0,
  };
}

/** The filters as query parameters, defaults left out, for the address bar (with the row number of the page). */
export function filtersToParams(f: QueueFilters): Record<string, string | undefined> {
  return { ...apiParams(f), at: f.at > 0 ? String(f.at) : undefined };
}

/** The filters as the API takes them (the row number is only for display). */
export function apiParams(f: QueueFilters): Record<string, string | undefined> {
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
    after: f.after || undefined,
    before: f.before || undefined,
  };
}

/** A new search or filter starts again at the first page. */
export function firstPage(f: QueueFilters): QueueFilters {
  return { ...f, after: '', before: '', at: 0 };
}

/** Which rows a page shows (1-based, for "26〜50件目"), from the rows before it and the rows it holds. */
export function pageInfo(at: number, shown: number): { from: number; to: number } {
  return shown === 0 ? { from: 0, to: 0 } : { from: at + 1, to: at + shown };
}

/** The pages around this one, by the API's cursors: the next after its last row, the previous before its first. */
export function neighbours(f: QueueFilters, page: { nextCursor: string | null; prevCursor: string | null; items: readonly unknown[] }, limit: number): { prev: QueueFilters | null; next: QueueFilters | null } {
  return {
    prev: page.prevCursor ? { ...f, after: '', before: page.prevCursor, at: Math.max(0, f.at - limit) } : null,
    next: page.nextCursor ? { ...f, before: '', after: page.nextCursor, at: f.at + page.items.length } : null,
  };
}
