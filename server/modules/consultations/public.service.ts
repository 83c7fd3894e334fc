import type { z } from 'zod';
import type { Unit } from '../../../core/contracts/org';
import type { PublicConsultationCreate, PublicConsultationReceipt, PublicFormInfo } from '../../../core/contracts/consultations';
import type { Queryable } from '../../platform/db';
import { AppError } from '../../platform/errors';
import type { RequestContext } from '../../platform/http';
import { allUnits, findMunicipality, listUnitTowns, municipalityExists, tierTree, type UnitNode } from '../org';
import { chooseOwner, intake, type IntakeInput } from './intake.service';
import * as repo from './consultations.repo';

type Receipt = z.infer<typeof PublicConsultationReceipt>;

/** What the form's answers mean for the record, before anything is stored (the honeypot's answer uses it too). */
export interface PublicIntake {
  input: IntakeInput;
  /** The sender left a way to reach them and did not say "no contact": the window will call or write. */
  willContact: boolean;
  aboutSomeoneElse: boolean;
  senderAnonymous: boolean;
}

/** 山田 花子（やまだ はなこ）: a name with its reading, as a person reads it. */
const named = (name: string, kana: string) => [name, kana ? `（${kana}）` : ''].filter(Boolean).join('');

/**
 * Reads the public form: the sender (their name, how to reach them) is who brought the worry;
 * when they write about someone else, their relation to that person is the source and the
 * person is the subject, named only if the sender named them (issue #10 §2). A sender who stays
 * anonymous leaves no name and no contact. The consent of the person is not known yet.
 */
export function readPublicForm(body: PublicConsultationCreate): PublicIntake {
  const aboutSomeoneElse = body.aboutSomeoneElse ?? false;
  const phone = body.phone ?? '';
  const email = body.email ?? '';
  const senderAnonymous = body.anonymous ?? (!body.name && !phone && !email);
  const sender = senderAnonymous ? '' : named(body.name ?? '', body.nameKana ?? '');
  const contact = senderAnonymous ? '' : [phone ? `電話: ${phone}` : '', email ? `メール: ${email}` : ''].filter(Boolean).join(' ／ ');
  const preference = senderAnonymous ? 'none' : (body.contactPreference ?? (phone ? 'phone' : email ? 'email' : 'none'));
  const input: IntakeInput = {
    channel: 'web', categories: body.categories?.length ? body.categories : ['other'], summary: body.summary, urgency: 'normal',
    source: aboutSomeoneElse ? (body.relation ?? 'other') : 'self',
    sourceNote: aboutSomeoneElse ? sender : '',
    // 匿名 marks a consultation whose subject is deliberately unnamed: only a sender writing about themselves can make it so.
    anonymous: !aboutSomeoneElse && senderAnonymous,
    thirdPartyConcern: aboutSomeoneElse,
    subjectLabel: aboutSomeoneElse ? (body.subjectName ?? '') : sender,
    address: body.address ?? '', personId: null, householdId: null, consent: 'not_asked', consentScope: [],
    contactPreference: preference, contactDetail: contact,
  };
  return { input, willContact: preference !== 'none' && contact !== '', aboutSomeoneElse, senderAnonymous };
}

/**
 * The public form (断らない相談 from a resident's phone): no sign-in, only the summary
 * required. What a resident writes is stored as text and only ever rendered as text (React
 * escapes it; the CSV export neutralises formulas). A filled honeypot gets the same answer
 * as a person, so a bot learns nothing, and nothing is stored.
 */
export async function submitPublicConsultation(ctx: RequestContext, body: PublicConsultationCreate, defaultMunicipality: string): Promise<Receipt> {
  const m = body.municipalityCode ?? defaultMunicipality;
  if (!(await municipalityExists(ctx.db, m))) throw new AppError('validation_failed', 400, [{ path: ['municipalityCode'], code: 'unknown', message: 'no such municipality here' }]);
  const read = readPublicForm(body);
  const answer = async (tx: Queryable, receiptNumber: string, unit: UnitNode): Promise<Receipt> => {
    const en = ctx.locale === 'en';
    const phone = answeringPhone(await allUnits(tx, m), unit.id);
    return {
      receiptNumber,
      nextSteps: nextSteps(en, read.willContact),
      willContact: read.willContact,
      windowName: en ? unit.nameEn || unit.nameJa : unit.nameJa,
      windowPhone: phone?.phone ?? '',
      windowPhoneName: phone ? (en ? phone.nameEn || phone.nameJa : phone.nameJa) : '',
    };
  };
  if (body.website) {
    // A bot filled the honeypot: the same answer a person gets (routed window, a receipt number in sequence), and nothing stored.
    return ctx.db.transaction(async (tx) => {
      const { unit } = await chooseOwner(tx, m, { unitId: null, public: true }, read.input.address);
      return answer(tx, await repo.peekReceiptNumber(tx, m), unit);
    });
  }
  return ctx.db.transaction(async (tx) => {
    const r = await intake(tx, m, read.input, { unitId: null, public: true }, null);
    await ctx.auditPublic(tx, m, {
      action: 'consultation.created_public', subjectType: 'consultation', subjectId: r.id,
      details: { receiptNumber: r.receiptNumber, owningUnitId: r.owningUnitId, anonymous: read.senderAnonymous, aboutSomeoneElse: read.aboutSomeoneElse, source: read.input.source },
    });
    return answer(tx, r.receiptNumber, r.unit);
  });
}

function nextSteps(en: boolean, willContact: boolean): string {
  if (!willContact) {
    return en
      ? 'Your message has reached the consultation window. As you left no contact details, we cannot reply; to talk, call the window below and give your receipt number.'
      : 'ご相談は窓口に届きました。連絡先がないためこちらからはご連絡できません。お話を希望されるときは、下の窓口に受付番号をお伝えください。';
  }
  return en
    ? 'Your message has reached the consultation window. A staff member will contact you, usually within three working days. Keep your receipt number.'
    : 'ご相談は窓口に届きました。担当者から、通常3開庁日以内にご連絡します。受付番号を控えておいてください。';
}

/**
 * Who answers the phone for a unit: the unit itself, or the nearest unit above it that has a
 * number (a district council may have none), else the city's welfare division, which the plan
 * prints as the city's contact (地域福祉課 TEL 0837-52-5227 in 美祢市). Null when nobody has one.
 */
export function answeringPhone(units: readonly Unit[], unitId: string): Unit | null {
  const byId = new Map(units.map((u) => [u.id, u]));
  for (let u = byId.get(unitId), hops = 0; u && hops < 10; u = u.parentId ? byId.get(u.parentId) : undefined, hops++) {
    if (u.phone && u.isActive) return u;
  }
  return units.find((u) => u.kind === 'division' && u.isActive && u.phone) ?? null;
}

/**
 * What the residents' pages show: the municipality's towns (to route by district), and its
 * window for any worry — the city hub, the place the plan names for 断らない相談 — with the
 * number that answers for it and whose number that is.
 */
export async function publicFormInfo(ctx: RequestContext, municipalityCode: string): Promise<z.infer<typeof PublicFormInfo>> {
  return ctx.db.transaction(async (tx) => {
    const municipality = await findMunicipality(tx, municipalityCode);
    if (!municipality) throw new AppError('not_found', 404);
    const towns = await listUnitTowns(tx, municipalityCode);
    const hub = (await tierTree(tx, municipalityCode)).cityHub();
    const phone = hub ? answeringPhone(await allUnits(tx, municipalityCode), hub.id) : null;
    const en = ctx.locale === 'en';
    const name = (u: { nameJa: string; nameEn: string } | null) => (u ? (en ? u.nameEn || u.nameJa : u.nameJa) : '');
    return {
      municipalityCode,
      municipalityName: en ? municipality.nameEn || municipality.nameJa : municipality.nameJa,
      towns: towns.map((t) => t.town),
      windowName: name(hub),
      windowPhone: phone?.phone ?? '',
      windowPhoneName: name(phone),
    };
  });
}
