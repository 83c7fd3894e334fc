import crypto from 'node:crypto';
import type { z } from 'zod';
import { type AssignmentResult, type AssignmentSet, type CheckCreate, type CheckResult, EVACUATION_LEGAL_BASIS, type MyRegistrants, type Progress, RollCallStatus } from '../../../core/contracts/evacuation';
import { clockNow } from '../../platform/clock';
import { AppError, invalidField, notFound } from '../../platform/errors';
import { openGrant } from '../../platform/grants';
import { listRecords, withRecord, withRecords } from '../../platform/gate';
import type { RequestContext } from '../../platform/http';
import * as repo from './checks.repo';
import * as drepo from './disasters.repo';
import { DISASTER_GRANT_DAYS, DISASTER_SOURCE } from './disasters.service';
import { ANY_REGISTRANT_ACCESS, checkReportTime, REGISTRANT, REGISTRANT_FOR_CHECK, REGISTRANT_VISIBILITY } from './evacuation.policy';
import { presentCheck } from './evacuation.present';
import type { CheckRow } from './disasters.repo';
import type { RegistrantRow } from './registrants.repo';
import { findShelter } from './settings.repo';

type Out<T extends z.ZodType> = z.input<T>;

async function activeDisaster(ctx: RequestContext, id: string): Promise<drepo.DisasterRow> {
  const d = await drepo.findDisaster(ctx.db, ctx.actor.municipalityCode, id);
  if (!d) throw notFound();
  return d;
}

/**
 * `POST /api/disasters/:id/checks` (fixed): appends a 安否確認 report on a registrant the actor
 * may see now (in a disaster: through the grant, audited with 第49条の11第3項). The phone made
 * `clientRequestId`: the same report twice is stored once and answered with the stored one.
 * Reports are never changed; conflicting ones all stay and the newest is shown.
 */
export async function recordCheck(ctx: RequestContext, disasterId: string, input: CheckCreate): Promise<Out<typeof CheckResult>> {
  const m = ctx.actor.municipalityCode;
  const d = await activeDisaster(ctx, disasterId);
  const now = clockNow();
  const checkedAt = input.checkedAt ? new Date(input.checkedAt) : new Date(now);
  return withRecord<Pick<RegistrantRow, 'registrant_id' | 'district_unit_id' | 'zone_area_id'>, Out<typeof CheckResult>>(ctx, REGISTRANT_FOR_CHECK, input.registrantId, { action: 'evacuation_check.recorded', allow: ANY_REGISTRANT_ACCESS }, async (tx, r, note) => {
    if (!d.district_unit_ids.includes(r.district_unit_id)) throw notFound();
    // Hot path (the P4 bench): one INSERT … ON CONFLICT answers both a new report and a replay.
    let result: { row: CheckRow; wrote: boolean };
    if (d.status === 'active') {
      checkReportTime(checkedAt.getTime(), now, new Date(d.started_at).getTime());
      if (input.shelterId && !(await findShelter(tx, m, input.shelterId))) throw invalidField(['shelterId'], 'not_found', 'no such shelter');
      result = await repo.insertCheck(tx, m, {
        id: crypto.randomUUID(), disasterId, registrantId: r.registrant_id, status: input.status, shelterId: input.shelterId ?? null, note: input.note ?? '',
        clientRequestId: input.clientRequestId, checkedAt, by: ctx.actor.accountId,
      });
    } else {
      const stored = await repo.findCheckByRequest(tx, m, input.clientRequestId);
      if (!stored) throw new AppError('disaster_ended', 409);
      result = { row: stored, wrote: false };
    }
    if (result.row.registrant_id !== r.registrant_id || result.row.disaster_id !== disasterId) throw new AppError('evacuation_request_reused', 409);
    note.details = { disasterId, checkId: result.row.check_id, status: result.row.status, clientRequestId: input.clientRequestId };
    if (!result.wrote) note.action = 'evacuation_check.replayed';
    return { check: presentCheck(result.row), replayed: !result.wrote };
  });
}

const zero = () => Object.fromEntries(RollCallStatus.options.map((s) => [s, 0])) as Record<RollCallStatus, number>;

/** `GET /api/disasters/:id/progress` (fixed): the newest status of each registrant of the event, counted by district and by shelter (no names). */
export async function progress(ctx: RequestContext, disasterId: string): Promise<Out<typeof Progress>> {
  const d = await activeDisaster(ctx, disasterId);
  const { byDistrict, byShelter } = await repo.progressCounts(ctx.db, ctx.actor.municipalityCode, disasterId, d.district_unit_ids);
  const counts = zero();
  const districts = new Map<string, { districtUnitId: string; name: string; total: number; counts: Record<RollCallStatus, number> }>();
  for (const row of byDistrict) {
    const e = districts.get(row.district_unit_id) ?? { districtUnitId: row.district_unit_id, name: row.name, total: 0, counts: zero() };
    e.counts[row.status] += row.n;
    e.total += row.n;
    counts[row.status] += row.n;
    districts.set(row.district_unit_id, e);
  }
  const total = [...districts.values()].reduce((a, e) => a + e.total, 0);
  return { disasterId, total, counts, byDistrict: [...districts.values()], byShelter: byShelter.map((s) => ({ shelterId: s.shelter_id, name: s.name, count: s.n })) };
}

/** A supporter's list for the phone: the minimum to find and check on each person, audited as a list (with the grant's basis). */
export async function myRegistrants(ctx: RequestContext, disasterId: string): Promise<Out<typeof MyRegistrants>> {
  const d = await activeDisaster(ctx, disasterId);
  if (d.status !== 'active') {
    ctx.carriesNoPersonalData('an ended event: the phone is told to forget its copy, no registrant is listed');
    return { disasterId, status: 'ended', items: [] };
  }
  return listRecords(ctx, REGISTRANT, 'evacuation_registrant.rollcall_listed', async (tx) => {
    const rows = await repo.listMine(tx, ctx.actor, disasterId, d.district_unit_ids);
    return {
      rows, details: { disasterId },
      value: {
        disasterId, status: 'active' as const,
        items: rows.map((r) => ({
          id: r.registrant_id, name: r.name, address: r.address, phone: r.phone, lat: r.lat, lng: r.lng, mobility: r.mobility,
          latestStatus: r.latest_status ?? 'unconfirmed', latestAt: r.latest_at ? new Date(r.latest_at).toISOString() : null,
        })),
      },
    };
  });
}

/**
 * Assigns registrants to a supporter for the event. The supporter gets a grant on each (第49条の11第3項),
 * so a 自治会 member without a provision sees exactly whom to check on; it closes with the event.
 */
export async function assignRegistrants(ctx: RequestContext, disasterId: string, input: z.output<typeof AssignmentSet>): Promise<Out<typeof AssignmentResult>> {
  const d = await activeDisaster(ctx, disasterId);
  if (d.status !== 'active') throw new AppError('disaster_ended', 409);
  const m = ctx.actor.municipalityCode;
  const ids = [...new Set(input.registrantIds)];
  return withRecords<RegistrantRow, Out<typeof AssignmentResult>>(ctx, REGISTRANT, ids, { action: 'evacuation_assignment.set', allow: ['reach'] }, async (tx, rows, note) => {
    const { rows: acc } = await tx.query('SELECT 1 FROM accounts WHERE municipality_code = $1 AND account_id = $2 AND is_active', [m, input.accountId]);
    if (acc.length === 0) throw invalidField(['accountId'], 'not_found', 'no such active account');
    rows.forEach((r, i) => {
      if (!d.district_unit_ids.includes(r.district_unit_id)) throw invalidField(['registrantIds', i], 'outside_event', 'not in the districts of this event');
    });
    const added = await repo.insertAssignments(tx, m, disasterId, input.accountId, ids, ctx.actor.accountId);
    const endsAt = new Date(new Date(d.started_at).getTime() + DISASTER_GRANT_DAYS * 86_400_000);
    for (const rid of added) {
      await openGrant(tx, ctx, m, ctx.actor.accountId, {
        recordType: REGISTRANT_VISIBILITY.recordType, recordId: rid, granteeAccountId: input.accountId, reason: 'disaster_assignment',
        legalBasis: EVACUATION_LEGAL_BASIS.disaster, endsAt, source: { type: DISASTER_SOURCE, id: disasterId },
      });
    }
    note.details = { disasterId, accountId: input.accountId, registrantIds: ids, added: added.length };
    return { accountId: input.accountId, assigned: added.length };
  });
}
