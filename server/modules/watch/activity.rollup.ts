import { type ActivityTotals, emptyTotals } from '../../../core/contracts/watch-activity';

/** One summed line of the record: a commissioner's count of one kind (and field and subject) in a month. */
export interface SumLine {
  accountId: string;
  name: string;
  districtUnitId: string | null;
  kind: string;
  field: string | null;
  subject: string | null;
  n: number;
}

/** Adds one summed line to a row of totals, in the national layout. */
export function addLine(t: ActivityTotals, l: Pick<SumLine, 'kind' | 'field' | 'subject' | 'n'>): void {
  if (l.kind === 'consultation') {
    if (l.field && l.field in t.consultationsByField) t.consultationsByField[l.field as keyof typeof t.consultationsByField] += l.n;
    if (l.subject && l.subject in t.consultationsBySubject) t.consultationsBySubject[l.subject as keyof typeof t.consultationsBySubject] += l.n;
    t.consultations += l.n;
  } else if (l.kind === 'other_activity') {
    if (l.subject && l.subject in t.otherActivities) t.otherActivities[l.subject as keyof typeof t.otherActivities] += l.n;
    t.otherActivitiesTotal += l.n;
  } else if (l.kind === 'visit') {
    t.visits += l.n;
  } else if (l.kind === 'liaison') {
    if (l.subject && l.subject in t.liaison) t.liaison[l.subject as keyof typeof t.liaison] += l.n;
    t.liaisonTotal += l.n;
  }
}

/** Adds every count of `from` into `into` (a council's row from its commissioners', the city's from its councils'). */
export function addTotals(into: ActivityTotals, from: ActivityTotals): void {
  for (const group of ['consultationsByField', 'consultationsBySubject', 'otherActivities', 'liaison'] as const) {
    const target = into[group] as Record<string, number>;
    for (const [k, v] of Object.entries(from[group] as Record<string, number>)) target[k] = (target[k] ?? 0) + v;
  }
  into.consultations += from.consultations;
  into.otherActivitiesTotal += from.otherActivitiesTotal;
  into.visits += from.visits;
  into.liaisonTotal += from.liaisonTotal;
  into.activeDays += from.activeDays;
}

export interface RolledUp {
  commissioners: { accountId: string; name: string; districtUnitId: string | null; totals: ActivityTotals }[];
  councils: { districtUnitId: string | null; commissioners: number; totals: ActivityTotals }[];
  city: { commissioners: number; totals: ActivityTotals };
}

/**
 * The month rolled up: each commissioner's row, each 単位民児協's (the district their lines belong
 * to) as the sum of its commissioners, and the city's as the sum of all. 活動日数 is summed as
 * 延べ日数 (each commissioner's days added), as the national report counts it.
 */
export function rollUp(lines: readonly SumLine[], days: readonly { accountId: string; districtUnitId: string | null; days: number }[]): RolledUp {
  const byAccount = new Map<string, RolledUp['commissioners'][number]>();
  const row = (accountId: string, name: string, districtUnitId: string | null) => {
    let r = byAccount.get(accountId);
    if (!r) byAccount.set(accountId, (r = { accountId, name, districtUnitId, totals: emptyTotals() }));
    return r;
  };
  for (const l of lines) addLine(row(l.accountId, l.name, l.districtUnitId).totals, l);
  for (const d of days) {
    const r = byAccount.get(d.accountId);
    if (r) {
      r.totals.activeDays = d.days;
      r.districtUnitId = d.districtUnitId;
    }
  }
  const councils = new Map<string, RolledUp['councils'][number]>();
  const city = { commissioners: 0, totals: emptyTotals() };
  for (const c of byAccount.values()) {
    const key = c.districtUnitId ?? '';
    let council = councils.get(key);
    if (!council) councils.set(key, (council = { districtUnitId: c.districtUnitId, commissioners: 0, totals: emptyTotals() }));
    council.commissioners++;
    addTotals(council.totals, c.totals);
    city.commissioners++;
    addTotals(city.totals, c.totals);
  }
  return { commissioners: [...byAccount.values()], councils: [...councils.values()], city };
}

/** The first day of a month and of the next, for `activity_on >= from AND activity_on < to`. */
export function monthRange(month: string): { from: string; to: string } {
  const [y, mo] = month.split('-').map(Number) as [number, number];
  const next = mo === 12 ? `${y + 1}-01` : `${y}-${String(mo + 1).padStart(2, '0')}`;
  return { from: `${month}-01`, to: `${next}-01` };
}
