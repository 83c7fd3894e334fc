import crypto from 'node:crypto';
import type { z } from 'zod';
import { encodeCursor } from '../../../core/contracts/cursor';
import type { Registrant, RegistrantCreate, RegistrantList, RegistrantListQuery, RegistrantUpdate } from '../../../core/contracts/evacuation';
import { EVACUATION_LEGAL_BASIS } from '../../../core/contracts/evacuation';
import { todayInJapan } from '../../../core/contracts/people';
import { type Actor, unitsInReach } from '../../platform/authz';
import { clockNow } from '../../platform/clock';
import type { Queryable } from '../../platform/db';
import { AppError, invalidField } from '../../platform/errors';
import { listRecords, withRecord } from '../../platform/gate';
import type { RequestContext } from '../../platform/http';
import type { KeysetCursor } from '../../platform/keyset';
import { tierTree, unitForAddress } from '../org';
import { personVisibleTo } from '../people';
import { ANY_REGISTRANT_ACCESS, checkConsent, HOLDER_ACCESS, REGISTRANT, sharedWith, timeOrderedId } from './evacuation.policy';
import { presentRegistrant } from './evacuation.present';
import * as repo from './registrants.repo';
import { findQualifying, findSettings } from './settings.repo';

type Out<T extends z.ZodType> = z.input<T>;

/** The district (of the address unless named) and the 民生委員 zone of a new registrant; within the holder's reach. */
async function placeRegistrant(tx: Queryable, actor: Actor, input: RegistrantCreate, address: string, personArea: string | null) {
  const m = actor.municipalityCode;
  const tree = await tierTree(tx, m);
  const district = tree.unit(input.districtUnitId ?? (address ? await unitForAddress(tx, m, address) : null));
  if (!district || district.tier !== 'district') throw invalidField(['districtUnitId'], 'required', 'name the district (the address names none)');
  const units = unitsInReach(actor);
  if (units !== 'all' && !units.includes(district.id)) throw invalidField(['districtUnitId'], 'not_mine', 'not a district within your reach');
  const zoneId = input.zoneAreaId ?? personArea;
  const zone = zoneId ? await repo.findZone(tx, m, zoneId) : null;
  if (input.zoneAreaId && !zone) throw invalidField(['zoneAreaId'], 'not_zone', 'not a 民生委員 zone');
  return { districtUnitId: district.id, zoneAreaId: zone?.area_id ?? null };
}

/**
 * `POST /api/evacuation/registrants` (fixed): puts a person the holder may see on the registry
 * (第49条の10) with the reasons, their sources and the day each was confirmed, and what the
 * person said about provision; what may be shared in normal times follows from the regime.
 */
export async function createRegistrant(ctx: RequestContext, input: RegistrantCreate): Promise<Out<typeof Registrant>> {
  checkConsent(input.consentState, input.consentRecipients, input.consentRecordedOn);
  const hasLat = input.lat !== undefined && input.lat !== null;
  const hasLng = input.lng !== undefined && input.lng !== null;
  if (hasLat !== hasLng) throw invalidField(['lng'], 'pair', 'give both latitude and longitude, or neither');
  const actor = ctx.actor;
  const m = actor.municipalityCode;
  return ctx.db.transaction(async (tx) => {
    const person = await personVisibleTo(tx, actor, input.personId);
    if (!person) throw invalidField(['personId'], 'not_found', 'no such person within your reach');
    const { rows } = await tx.query<{ area_id: string | null }>('SELECT area_id FROM people WHERE municipality_code = $1 AND person_id = $2', [m, input.personId]);
    const place = await placeRegistrant(tx, actor, input, person.address, rows[0]?.area_id ?? null);
    const settings = await findSettings(tx, m);
    const consentRecipients = input.consentState === 'given' ? [...new Set(input.consentRecipients ?? [])].sort() : [];
    const id = timeOrderedId(clockNow(), crypto.randomBytes(8).toString('hex'));
    const wrote = await repo.insertRegistrant(tx, m, {
      id, personId: input.personId, ...place, lat: input.lat ?? null, lng: input.lng ?? null,
      reasons: input.reasons.map((r) => ({ code: r.code, source: r.source, confirmedOn: r.confirmedOn, note: r.note ?? '' })),
      consentState: input.consentState, consentRecipients, consentRecordedOn: input.consentRecordedOn ?? null,
      sharedWith: sharedWith(settings.consent_regime, settings.ordinance_recipients, input.consentState, consentRecipients),
      mobility: input.mobility ?? '', note: input.note ?? '', createdBy: actor.accountId,
    });
    if (!wrote) throw new AppError('evacuation_already_registered', 409);
    await ctx.audit(tx, {
      action: 'evacuation_registrant.created', subjectType: 'evacuation_registrant', subjectId: id, legalBasis: EVACUATION_LEGAL_BASIS.registry,
      details: { personId: input.personId, ...place, reasons: input.reasons.map((r) => r.code), consentState: input.consentState, regime: settings.consent_regime },
    });
    const row = await repo.findVisibleRegistrant(tx, actor, id);
    if (!row) throw new Error('created registrant not readable by its holder');
    return presentRegistrant(row, await findQualifying(tx, m));
  });
}

const cursorOf = (row: repo.RegistrantRow) => encodeCursor({ after: [row.registrant_id] });

function readCursor(value: string | undefined): KeysetCursor {
  if (!value) return null;
  try {
    const json = JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) as { after?: unknown };
    if (Array.isArray(json.after) && json.after.length === 1 && typeof json.after[0] === 'string') return { after: json.after as string[] };
  } catch {
    // falls through to the 400 below
  }
  throw invalidField(['cursor'], 'invalid', 'not a cursor this list gave out');
}

/** `GET /api/evacuation/registrants?district=` (fixed): what the actor may see, keyset-paged; one audit row names them (and the basis of rows seen by grant). */
export async function listRegistrants(ctx: RequestContext, q: RegistrantListQuery): Promise<Out<typeof RegistrantList>> {
  const cursor = readCursor(q.cursor);
  return listRecords(ctx, REGISTRANT, 'evacuation_registrant.listed', async (tx) => {
    const rows = await repo.listRegistrants(tx, ctx.actor, q, cursor);
    const page = rows.slice(0, q.limit);
    const qualifying = await findQualifying(tx, ctx.actor.municipalityCode);
    return {
      rows: page,
      details: { district: q.district ?? null, zone: q.zone ?? null, status: q.status, paged: Boolean(q.cursor) },
      value: { items: page.map((r) => presentRegistrant(r, qualifying)), nextCursor: rows.length > q.limit ? cursorOf(page[page.length - 1]!) : null },
    };
  });
}

/** One registrant at any access level (a read under a disaster grant carries 第49条の11第3項 in its audit row). */
export function getRegistrant(ctx: RequestContext, id: string): Promise<Out<typeof Registrant>> {
  return withRecord<repo.RegistrantRow, Out<typeof Registrant>>(ctx, REGISTRANT, id, { action: 'evacuation_registrant.read', allow: ANY_REGISTRANT_ACCESS }, async (tx, row) =>
    presentRegistrant(row, await findQualifying(tx, ctx.actor.municipalityCode)));
}

/** Changes a registrant (holders only; the version read guards against a lost update). 登録辞退 records the day. */
export function updateRegistrant(ctx: RequestContext, id: string, input: z.output<typeof RegistrantUpdate>): Promise<Out<typeof Registrant>> {
  const m = ctx.actor.municipalityCode;
  return withRecord<repo.RegistrantRow, Out<typeof Registrant>>(ctx, REGISTRANT, id, { action: 'evacuation_registrant.updated', allow: HOLDER_ACCESS, forUpdate: true }, async (tx, row, note) => {
    if (row.version !== input.version) throw new AppError('conflict', 409);
    const state = input.consentState ?? row.consent_state;
    const recipients = state === 'given' ? [...new Set(input.consentRecipients ?? row.consent_recipients)].sort() : [];
    if (input.consentState !== undefined || input.consentRecipients !== undefined) checkConsent(state, recipients, input.consentRecordedOn ?? row.consent_recorded_on ?? undefined);
    if (input.zoneAreaId && !(await repo.findZone(tx, m, input.zoneAreaId))) throw invalidField(['zoneAreaId'], 'not_zone', 'not a 民生委員 zone');
    const settings = await findSettings(tx, m);
    const declined = input.status === 'declined' && row.status !== 'declined';
    await repo.updateRegistrant(tx, m, id, {
      ...input, consentState: state, consentRecipients: recipients, sharedWith: sharedWith(settings.consent_regime, settings.ordinance_recipients, state, recipients),
      ...(declined ? { declinedOn: todayInJapan(clockNow()) } : input.status === 'active' ? { declinedOn: null } : {}),
      reasons: input.reasons?.map((r) => ({ code: r.code, source: r.source, confirmedOn: r.confirmedOn, note: r.note ?? '' })),
    });
    note.details = { changes: Object.keys(input).filter((k) => k !== 'version' && input[k as keyof typeof input] !== undefined), ...(declined ? { declined: true } : {}) };
    if (declined) note.action = 'evacuation_registrant.declined';
    return presentRegistrant((await repo.findVisibleRegistrant(tx, ctx.actor, id))!, await findQualifying(tx, m));
  });
}
