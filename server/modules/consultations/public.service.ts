import type { PublicConsultationCreate } from '../../../core/contracts/consultations';
import type { Queryable } from '../../platform/db';
import { AppError } from '../../platform/errors';
import type { RequestContext } from '../../platform/http';
import { listUnitTowns, municipalityExists, municipalityName, tierTree, type TierTree, type UnitNode } from '../org';
import * as repo from './consultations.repo';
import { chooseOwner, intake } from './intake.service';

/**
 * The public form (断らない相談 from a resident's phone): no sign-in, only the summary
 * required. What a resident writes is stored as text and only ever rendered as text (React
 * escapes it; the CSV export neutralises formulas). A filled honeypot gets the same answer
 * as a person, so a bot learns nothing, and nothing is stored.
 */
export async function submitPublicConsultation(ctx: RequestContext, body: PublicConsultationCreate, defaultMunicipality: string) {
  const m = body.municipalityCode ?? defaultMunicipality;
  if (!(await municipalityExists(ctx.db, m))) throw new AppError('validation_failed', 400, [{ path: ['municipalityCode'], code: 'unknown', message: 'no such municipality here' }]);
  const en = ctx.locale === 'en';
  const preference = body.contactPreference ?? (body.phone ? 'phone' : body.email ? 'email' : 'none');
  const contact = [body.phone ? `電話: ${body.phone}` : '', body.email ? `メール: ${body.email}` : ''].filter(Boolean).join(' ／ ');
  const anonymous = body.anonymous ?? (!body.name && !contact);
  const answer = async (tx: Queryable, receiptNumber: string, unit: UnitNode) => {
    const phone = unitPhone(await tierTree(tx, m), unit.id);
    return {
      receiptNumber,
      nextSteps: nextSteps(en, anonymous ? 'none' : preference),
      windowName: en ? unit.nameEn || unit.nameJa : unit.nameJa,
      windowPhone: phone.phone,
      windowPhoneName: en ? phone.nameEn || phone.nameJa : phone.nameJa,
    };
  };
  if (body.website) {
    // A bot filled the honeypot: the same answer a person gets (routed window, a receipt number in sequence), and nothing stored.
    return ctx.db.transaction(async (tx) => {
      const { unit } = await chooseOwner(tx, m, { unitId: null, public: true }, body.address ?? '');
      return answer(tx, await repo.peekReceiptNumber(tx, m), unit);
    });
  }
  return ctx.db.transaction(async (tx) => {
    const r = await intake(tx, m, {
      channel: 'web', categories: body.categories?.length ? body.categories : ['other'], summary: body.summary, urgency: 'normal',
      source: body.aboutSomeoneElse ? 'neighbour' : 'self', sourceNote: '', anonymous, thirdPartyConcern: body.aboutSomeoneElse ?? false,
      subjectLabel: anonymous ? '' : [body.name, body.nameKana ? `（${body.nameKana}）` : ''].filter(Boolean).join(''),
      address: body.address ?? '', personId: null, householdId: null, consent: 'not_asked', consentScope: [],
      contactPreference: preference, contactDetail: contact,
    }, { unitId: null, public: true }, null);
    await ctx.auditPublic(tx, m, {
      action: 'consultation.created_public', subjectType: 'consultation', subjectId: r.id,
      details: { receiptNumber: r.receiptNumber, owningUnitId: r.owningUnitId, anonymous },
    });
    return answer(tx, r.receiptNumber, r.unit);
  });
}

function nextSteps(en: boolean, contact: string): string {
  if (contact === 'none') {
    return en
      ? 'Your message has reached the consultation window. As you left no contact details, we cannot reply; to talk, call the window below and give your receipt number.'
      : 'ご相談は窓口に届きました。連絡先がないためこちらからはご連絡できません。お話を希望されるときは、下の窓口に受付番号をお伝えください。';
  }
  return en
    ? 'Your message has reached the consultation window. A staff member will contact you, usually within three working days. Keep your receipt number.'
    : 'ご相談は窓口に届きました。担当者から、通常3開庁日以内にご連絡します。受付番号を控えておいてください。';
}

/** The phone of the unit, or of the nearest unit above it that has one (a district council may have none), else the division's; with whose number it is. */
function unitPhone(tree: TierTree, unitId: string): { phone: string; nameJa: string; nameEn: string } {
  const own = tree.ancestors(unitId).find((u) => u.phone);
  // The city's welfare division answers for every window that has no number of its own.
  const answering = own ?? tree.all().find((u) => u.kind === 'division' && u.phone);
  return answering ? { phone: answering.phone, nameJa: answering.nameJa, nameEn: answering.nameEn } : { phone: '', nameJa: '', nameEn: '' };
}

/** What the public form needs to show: the municipality's towns (to route by district) and its main window. */
export async function publicFormInfo(ctx: RequestContext, municipalityCode: string) {
  return ctx.db.transaction(async (tx) => {
    if (!(await municipalityExists(tx, municipalityCode))) throw new AppError('not_found', 404);
    const towns = await listUnitTowns(tx, municipalityCode);
    const tree = await tierTree(tx, municipalityCode);
    const hub = tree.cityHub();
    return {
      municipalityCode,
      municipalityName: (await municipalityName(tx, municipalityCode)) ?? '',
      towns: towns.map((t) => t.town),
      windowName: hub?.nameJa ?? '',
      windowPhone: hub ? unitPhone(tree, hub.id).phone : '',
    };
  });
}
