import type { Category } from '../../../core/contracts/consultations';
import type { ConsultationDetail, Plan } from '../../../core/contracts/consultations';

/**
 * Between the forms (strings, as the controls hold them) and the request bodies of
 * core/contracts/consultations (optional fields left out rather than sent empty).
 */

/** Only the non-empty trimmed strings of a record: optional text fields are left out, not sent as ''. */
function present<K extends string>(values: Record<K, string>): Partial<Record<K, string>> {
  const out: Partial<Record<K, string>> = {};
  for (const [k, v] of Object.entries(values) as [K, string][]) {
    const s = v.trim();
    if (s) out[k] = s;
  }
  return out;
}

export interface IntakeDraft {
  channel: string;
  categories: string[];
  summary: string;
  urgency: string;
  source: string;
  sourceNote: string;
  anonymous: boolean;
  thirdPartyConcern: boolean;
  /** A person picked from the people search, or '' for an unnamed worry. */
  personId: string;
  subjectLabel: string;
  address: string;
  consent: string;
  consentScope: string[];
  doorUnitId: string;
}

export const EMPTY_INTAKE: IntakeDraft = {
  channel: '', categories: [], summary: '', urgency: 'normal', source: '', sourceNote: '', anonymous: false, thirdPartyConcern: false,
  personId: '', subjectLabel: '', address: '', consent: 'not_asked', consentScope: [], doorUnitId: '',
};

/** The body of `POST /api/consultations`: a named person or a subject label, never both; the scope only with consent. */
export function intakeToRequest(d: IntakeDraft): Record<string, unknown> {
  const named = d.personId !== '' && !d.anonymous;
  return {
    ...(d.channel ? { channel: d.channel } : {}),
    categories: d.categories,
    summary: d.summary.trim(),
    ...(d.urgency ? { urgency: d.urgency } : {}),
    ...(d.source ? { source: d.source } : {}),
    ...present({ sourceNote: d.sourceNote }),
    ...(d.anonymous ? { anonymous: true } : {}),
    ...(d.thirdPartyConcern ? { thirdPartyConcern: true } : {}),
    ...(named ? { personId: d.personId } : present({ subjectLabel: d.subjectLabel, address: d.address })),
    ...(d.consent ? { consent: d.consent } : {}),
    ...(d.consent === 'given' && d.consentScope.length > 0 ? { consentScope: d.consentScope } : {}),
    ...(d.doorUnitId ? { doorUnitId: d.doorUnitId } : {}),
  };
}

export interface PublicDraft {
  summary: string;
  name: string;
  nameKana: string;
  address: string;
  phone: string;
  email: string;
  contactPreference: string;
  aboutSomeoneElse: boolean;
  /** Who the sender is to the person (a PublicRelation code), when it is about someone else. */
  relation: string;
  /** The name of the person the worry is about, when it is about someone else. */
  subjectName: string;
  anonymous: boolean;
  website: string;
}

export const EMPTY_PUBLIC: PublicDraft = {
  summary: '', name: '', nameKana: '', address: '', phone: '', email: '', contactPreference: '', aboutSomeoneElse: false, relation: '', subjectName: '', anonymous: false, website: '',
};

/**
 * The body of `POST /api/public/consultations`: anonymous sends no name or contact; the relation
 * and the other person's name only when it is about someone else; the honeypot only when filled.
 */
export function publicToRequest(d: PublicDraft): Record<string, unknown> {
  const contact = d.anonymous ? {} : present({ name: d.name, nameKana: d.nameKana, phone: d.phone, email: d.email });
  const someoneElse = d.aboutSomeoneElse ? { aboutSomeoneElse: true, ...(d.relation ? { relation: d.relation } : {}), ...present({ subjectName: d.subjectName }) } : {};
  return {
    summary: d.summary.trim(),
    ...contact,
    ...present({ address: d.address }),
    ...(d.contactPreference && !d.anonymous ? { contactPreference: d.contactPreference } : {}),
    ...someoneElse,
    ...(d.anonymous ? { anonymous: true } : {}),
    ...(d.website ? { website: d.website } : {}),
  };
}

export interface DomainDraft {
  level: string;
  note: string;
}

export interface AssessmentDraft {
  domains: Record<Category, DomainDraft>;
  livingSituation: string;
  strengths: string;
  wishes: string;
  risk: string;
  summary: string;
}

/** The form over the 13 categories, filled from the latest version (or empty). */
export function assessmentDraft(categories: readonly Category[], a: ConsultationDetail['assessment']): AssessmentDraft {
  const domains = {} as Record<Category, DomainDraft>;
  for (const c of categories) {
    const d = a?.domains.find((x) => x.category === c);
    domains[c] = { level: d ? String(d.level) : '0', note: d?.note ?? '' };
  }
  return { domains, livingSituation: a?.livingSituation ?? '', strengths: a?.strengths ?? '', wishes: a?.wishes ?? '', risk: a?.risk ?? '', summary: a?.summary ?? '' };
}

/** The body of `PUT …/assessment`: only the categories with a level above 0 or a note. */
export function assessmentToRequest(d: AssessmentDraft, expectedVersion: number): Record<string, unknown> {
  const domains = (Object.entries(d.domains) as [Category, DomainDraft][])
    .filter(([, v]) => Number(v.level) > 0 || v.note.trim() !== '')
    .map(([category, v]) => ({ category, level: Number(v.level), note: v.note.trim() }));
  return {
    domains,
    livingSituation: d.livingSituation.trim(),
    strengths: d.strengths.trim(),
    wishes: d.wishes.trim(),
    ...(d.risk ? { risk: d.risk } : {}),
    summary: d.summary.trim(),
    expectedVersion,
  };
}

export interface PlanActionDraft {
  id?: string;
  text: string;
  ownerUnitId: string;
  ownerLabel: string;
  dueDate: string;
  done: boolean;
}

export interface PlanDraft {
  goals: { id?: string; text: string }[];
  actions: PlanActionDraft[];
  reviewDate: string;
}

/** The plan form from the latest version; a new plan starts with one empty goal and one empty action. */
export function planDraft(p: Plan | null): PlanDraft {
  if (!p) return { goals: [{ text: '' }], actions: [{ text: '', ownerUnitId: '', ownerLabel: '', dueDate: '', done: false }], reviewDate: '' };
  return {
    goals: p.goals.map((g) => ({ id: g.id, text: g.text })),
    actions: p.actions.map((a) => ({ id: a.id, text: a.text, ownerUnitId: a.ownerUnitId ?? '', ownerLabel: a.ownerLabel, dueDate: a.dueDate ?? '', done: a.done })),
    reviewDate: p.reviewDate,
  };
}

/** The body of `PUT …/plan`: blank goals and actions are dropped (an empty last row is the "add" row). */
export function planToRequest(d: PlanDraft, expectedVersion: number): Record<string, unknown> {
  return {
    goals: d.goals.filter((g) => g.text.trim()).map((g) => ({ ...(g.id ? { id: g.id } : {}), text: g.text.trim() })),
    actions: d.actions
      .filter((a) => a.text.trim())
      .map((a) => ({
        ...(a.id ? { id: a.id } : {}),
        text: a.text.trim(),
        ownerUnitId: a.ownerUnitId || null,
        ...present({ ownerLabel: a.ownerLabel }),
        dueDate: a.dueDate || null,
        done: a.done,
      })),
    ...(d.reviewDate ? { reviewDate: d.reviewDate } : {}),
    expectedVersion,
  };
}

/** The body of `POST …/closure`: the follow-up date and note only when given. */
export function closureToRequest(d: { outcome: string; followUpDate: string; note: string }): Record<string, unknown> {
  return { ...(d.outcome ? { outcome: d.outcome } : {}), ...present({ followUpDate: d.followUpDate, note: d.note }) };
}
