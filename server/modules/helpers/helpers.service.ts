import crypto from 'node:crypto';
import type { z } from 'zod';
import type { ExceptionCreate, HelperAccountCreate, HelperCreate, HelperQuery, HelperReview, HelperUpdate } from '../../../core/contracts/helpers';
import type { PersonCreate } from '../../../core/contracts/people';
import { parseMinute } from '../../../core/helpers/slots';
import { type Actor, unitsInReach } from '../../platform/authz';
import { clockNow } from '../../platform/clock';
import type { Queryable } from '../../platform/db';
import { AppError, conflict, invalidField, notFound, refusedReference } from '../../platform/errors';
import { listRecords, withRecord } from '../../platform/gate';
import type { RequestContext } from '../../platform/http';
import { checkPassword, commonPasswords, hashPassword, provisionAccount } from '../accounts';
import { findPlace, insertPersonRow, personKeys, personVisibleTo, recordPersonChange } from '../people';
import { HELPER } from './helpers.policy';
import { presentHelper, presentSummary } from './helpers.present';
import * as repo from './helpers.repo';

/** Helper profiles: register (a person plus a profile), read, list, edit, review public sign-ups, availability, sign-in. */

const todayJst = () => new Date(clockNow() + 9 * 3600_000).toISOString().slice(0, 10);

type Profile = Partial<Omit<z.output<typeof HelperUpdate>, 'status' | 'expectedVersion'>>;

/** The weekly pattern as minutes; `to` after `from` is checked by the contract. */
export function weeklyMinutes(weekly: { weekday: number; from: string; to: string }[]) {
  return weekly.map((w) => ({ weekday: w.weekday, fromMinute: parseMinute(w.from)!, toMinute: parseMinute(w.to)! }));
}

/** Districts a helper may cover must be district units of the municipality. */
async function assertDistricts(tx: Queryable, m: string, ids: readonly string[], field: string): Promise<void> {
  if (ids.length === 0) return;
  const { rows } = await tx.query<{ unit_id: string }>("SELECT unit_id FROM units WHERE municipality_code = $1 AND unit_id = ANY($2::text[]) AND tier = 'district'", [m, ids]);
  const known = new Set(rows.map((r) => r.unit_id));
  const i = ids.findIndex((id) => !known.has(id));
  if (i >= 0) throw invalidField([field, i], 'not_found', 'not a district of this municipality');
}

/** The unit that manages a new helper: the one asked for (within reach), else 社協, else the actor's first unit. */
async function chooseOwner(tx: Queryable, actor: Actor, asked: string | undefined): Promise<string> {
  const reach = unitsInReach(actor);
  const inReach = (u: string) => reach === 'all' || reach.includes(u) || actor.unitIds.includes(u);
  if (asked) {
    if (!inReach(asked)) throw invalidField(['ownerUnitId'], 'not_found', 'not a unit within your reach');
    return asked;
  }
  const council = await repo.findCouncilUnit(tx, actor.municipalityCode);
  if (council && inReach(council)) return council;
  const first = actor.unitIds[0];
  if (!first) throw invalidField(['ownerUnitId'], 'required', 'choose the unit that manages this helper');
  return first;
}

/** A person record for a helper (data controller: the council that runs the volunteer centre), written as the people module writes one. */
export async function createHelperPerson(ctx: RequestContext, tx: Queryable, input: PersonCreate, ownerUnitId: string): Promise<string> {
  const m = ctx.actor.municipalityCode;
  const personId = crypto.randomUUID();
  const place = await findPlace(tx, m);
  await insertPersonRow(tx, {
    municipalityCode: m, personId, familyName: input.familyName, givenName: input.givenName, familyNameKana: input.familyNameKana,
    givenNameKana: input.givenNameKana, aliasName: input.aliasName ?? '', birthDate: input.birthDate, sex: input.sex ?? null,
    postalCode: input.postalCode ?? '', address: input.address ?? '', phone: input.phone ?? '', householdId: null, householdRelation: '',
    dataController: 'council', ownerUnitId, areaId: null, createdBy: ctx.actor.accountId, keys: personKeys(input, place),
  });
  await recordPersonChange(tx, { municipalityCode: m, personId, version: 1, kind: 'created', changedBy: ctx.actor.accountId, before: null, after: { helper: true } });
  await ctx.audit(tx, { action: 'person.created', subjectType: 'person', subjectId: personId, details: { ownerUnitId, dataController: 'council', as: 'helper' } });
  return personId;
}

function profileColumns(p: Profile, base?: repo.HelperRow): repo.ProfileColumns {
  return {
    skills: p.skills ?? base?.skills ?? [], languages: p.languages ?? base?.languages ?? [], planRoles: p.planRoles ?? base?.plan_roles ?? [],
    areaUnitIds: p.areaUnitIds ?? base?.area_unit_ids ?? [], hasCar: p.hasCar ?? base?.has_car ?? false, hasLicence: p.hasLicence ?? base?.has_licence ?? false,
    mayCarryPassengers: p.mayCarryPassengers ?? base?.may_carry_passengers ?? false, availableOnHolidays: p.availableOnHolidays ?? base?.available_on_holidays ?? false,
    townName: p.townName ?? base?.town_name ?? '', lat: p.position === undefined ? (base?.lat ?? null) : (p.position?.lat ?? null),
    lon: p.position === undefined ? (base?.lon ?? null) : (p.position?.lon ?? null), note: p.note ?? base?.note ?? '',
  };
}

/** POST /api/helpers (fixed): an existing person the actor may see, or a new person record, becomes an active helper. */
export async function registerHelper(ctx: RequestContext, input: HelperCreate) {
  const actor = ctx.actor;
  const m = actor.municipalityCode;
  const id = crypto.randomUUID();
  return ctx.db.transaction(async (tx) => {
    const ownerUnitId = await chooseOwner(tx, actor, input.ownerUnitId);
    await assertDistricts(tx, m, input.areaUnitIds ?? [], 'areaUnitIds');
    let personId = input.personId ?? null;
    if (personId && !(await personVisibleTo(tx, actor, personId))) throw refusedReference(['personId'], 'person', personId, 'no such person');
    if (!personId) personId = await createHelperPerson(ctx, tx, input.person!, ownerUnitId);
    const person = (await personVisibleTo(tx, actor, personId))!;
    const cols = profileColumns(input);
    if (!cols.townName) cols.townName = await repo.findTownInAddress(tx, m, person.address);
    try {
      await repo.insertHelper(tx, m, { ...cols, id, personId, status: 'active', source: 'staff', applicant: null, displayName: person.name, ownerUnitId, createdBy: actor.accountId });
    } catch (err) {
      if ((err as { code?: string }).code === '23505') throw invalidField(['personId'], 'duplicate', 'this person is already a helper');
      throw err;
    }
    await repo.replaceWeekly(tx, m, id, weeklyMinutes(input.weekly ?? []));
    await ctx.audit(tx, { action: 'helper.registered', subjectType: 'helper', subjectId: id, details: { personId, ownerUnitId, planRoles: cols.planRoles } });
    return presentHelper(tx, actor, (await repo.findHelper(tx, actor, id))!);
  });
}

export function getHelper(ctx: RequestContext, id: string) {
  return withRecord<repo.HelperRow, Awaited<ReturnType<typeof presentHelper>>>(ctx, HELPER, id, { action: 'helper.read' }, async (tx, r, note) => {
    note.details = { status: r.status };
    return presentHelper(tx, ctx.actor, r);
  });
}

/** The helper list (and the review queue: status `pending`), keyset-paged by name. */
export function listHelpers(ctx: RequestContext, q: z.output<typeof HelperQuery>) {
  return listRecords(ctx, HELPER, 'helper.listed', async (tx) => {
    const rows = await repo.listHelpers(tx, ctx.actor, { ...q, today: todayJst() });
    const page = rows.slice(0, q.limit);
    const last = page[page.length - 1];
    const next = rows.length > q.limit && last ? `${last.display_name}|${last.helper_id}` : null;
    return { rows: page, details: { status: q.status }, value: { items: page.map(presentSummary), total: page.length, next } };
  });
}

/** Edits a reviewed helper's profile, weekly pattern or status (optimistic: `expectedVersion`). */
export function updateHelper(ctx: RequestContext, id: string, input: z.output<typeof HelperUpdate>) {
  const m = ctx.actor.municipalityCode;
  return withRecord<repo.HelperRow, Awaited<ReturnType<typeof presentHelper>>>(ctx, HELPER, id, { action: 'helper.updated', allow: ['reach'], forUpdate: true }, async (tx, r, note) => {
    if (r.status === 'pending') throw new AppError('helper_not_reviewed', 409);
    if (input.areaUnitIds) await assertDistricts(tx, m, input.areaUnitIds, 'areaUnitIds');
    const cols = profileColumns(input, r);
    if (!(await repo.updateHelper(tx, m, id, input.expectedVersion, { ...cols, status: input.status ?? r.status }))) throw conflict();
    if (input.weekly) await repo.replaceWeekly(tx, m, id, weeklyMinutes(input.weekly));
    note.details = { fields: Object.keys(input).filter((k) => k !== 'expectedVersion'), status: input.status ?? r.status };
    return presentHelper(tx, ctx.actor, (await repo.findHelper(tx, ctx.actor, id))!);
  });
}

/**
 * 社協 staff decide on a public sign-up. Approving creates the person record from what the
 * applicant wrote (or links the one they already have) and makes the helper active, visible to
 * matching from then on; rejecting withdraws it and drops the applicant's details (data minimisation).
 */
export function reviewHelper(ctx: RequestContext, id: string, input: z.output<typeof HelperReview>) {
  const actor = ctx.actor;
  return withRecord<repo.HelperRow, Awaited<ReturnType<typeof presentHelper>>>(ctx, HELPER, id, { action: 'helper.reviewed', allow: ['reach'], forUpdate: true }, async (tx, r, note) => {
    if (r.status !== 'pending') throw new AppError('conflict', 409, [{ path: ['decision'], code: 'state', message: 'this sign-up was already reviewed' }]);
    if (input.decision === 'reject') {
      await repo.markReviewed(tx, actor.municipalityCode, id, { personId: null, status: 'withdrawn', by: actor.accountId, displayName: '（取り下げた申込み）' });
      note.details = { decision: 'reject' };
      return presentHelper(tx, actor, (await repo.findHelper(tx, actor, id))!);
    }
    let personId = input.personId ?? null;
    if (personId && !(await personVisibleTo(tx, actor, personId))) throw refusedReference(['personId'], 'person', personId, 'no such person');
    const a = (r.applicant ?? {}) as Record<string, string>;
    personId ??= await createHelperPerson(ctx, tx, {
      familyName: a.familyName ?? '', givenName: a.givenName ?? '', familyNameKana: a.familyNameKana ?? '', givenNameKana: a.givenNameKana ?? '',
      birthDate: a.birthDate ?? '', address: a.address ?? '', phone: a.phone ?? '', postalCode: '',
    } as PersonCreate, r.owner_unit_id);
    const person = (await personVisibleTo(tx, actor, personId))!;
    await repo.markReviewed(tx, actor.municipalityCode, id, { personId, status: 'active', by: actor.accountId, displayName: person.name });
    note.details = { decision: 'approve', personId, linkedExisting: Boolean(input.personId) };
    return presentHelper(tx, actor, (await repo.findHelper(tx, actor, id))!);
  });
}

export function addException(ctx: RequestContext, id: string, input: z.output<typeof ExceptionCreate>) {
  return withRecord(ctx, HELPER, id, { action: 'helper.availability_changed', allow: ['reach'], forUpdate: true }, async (tx, _r, note) => {
    const exceptionId = await repo.insertException(tx, ctx.actor.municipalityCode, id, {
      onDate: input.onDate, isAvailable: input.isAvailable, fromMinute: parseMinute(input.from ?? '00:00')!, toMinute: parseMinute(input.to ?? '24:00')!, note: input.note ?? '',
    });
    note.details = { exceptionId, onDate: input.onDate, isAvailable: input.isAvailable };
    return presentHelper(tx, ctx.actor, (await repo.findHelper(tx, ctx.actor, id))!);
  });
}

export function removeException(ctx: RequestContext, id: string, exceptionId: string) {
  return withRecord(ctx, HELPER, id, { action: 'helper.availability_changed', allow: ['reach'], forUpdate: true }, async (tx, _r, note) => {
    if (!(await repo.deleteException(tx, ctx.actor.municipalityCode, id, exceptionId))) throw notFound();
    note.details = { exceptionId, removed: true };
    return presentHelper(tx, ctx.actor, (await repo.findHelper(tx, ctx.actor, id))!);
  });
}

/**
 * Issues a helper's own sign-in (role `helper`: their assignments, hours and certificates, nothing
 * else). 社協 staff do it for the volunteers they manage; the password follows the account rules.
 */
export async function issueHelperAccount(ctx: RequestContext, id: string, input: z.output<typeof HelperAccountCreate>) {
  const problem = checkPassword(input.password, { loginId: input.loginId, common: commonPasswords() });
  if (problem) throw new AppError(problem, 400, [{ path: ['password'], code: problem, message: problem }]);
  const passwordHash = await hashPassword(input.password);
  const m = ctx.actor.municipalityCode;
  return withRecord<repo.HelperRow, Awaited<ReturnType<typeof presentHelper>>>(ctx, HELPER, id, { action: 'helper.account_issued', allow: ['reach'], forUpdate: true }, async (tx, r, note) => {
    if (r.status !== 'active') throw new AppError('helper_not_reviewed', 409);
    if (r.account_id) throw new AppError('duplicate', 409, [{ path: ['loginId'], code: 'duplicate', message: 'this helper already has a sign-in' }]);
    const taken = await tx.query('SELECT 1 FROM accounts WHERE municipality_code = $1 AND login_id = $2', [m, input.loginId]);
    if (taken.rows.length > 0) throw new AppError('duplicate', 409, [{ path: ['loginId'], code: 'duplicate', message: 'this login ID is taken' }]);
    const accountId = await provisionAccount(tx, m, {
      // The helper changes this first password at the first sign-in (decision 0018).
      loginId: input.loginId, displayName: r.display_name, passwordHash, isDemo: false, roles: ['helper'], unitIds: [], areaIds: [], termEndsOn: null, mustChangePassword: true,
    }, (t, accId) => ctx.audit(t, { action: 'account.created', subjectType: 'account', subjectId: accId, details: { loginId: input.loginId, roles: ['helper'], helperId: id } }));
    await repo.setHelperAccount(tx, m, id, accountId);
    note.details = { accountId, loginId: input.loginId };
    return presentHelper(tx, ctx.actor, (await repo.findHelper(tx, ctx.actor, id))!);
  });
}
