import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { HELP_LAYER_LABELS, SERVICE_CATEGORY_LABELS } from '../../../core/directory';
import * as accounts from '../../../core/contracts/accounts';
import * as audit from '../../../core/contracts/audit';
import * as auditLabels from '../../../core/contracts/audit-labels';
import * as auth from '../../../core/contracts/auth';
import * as common from '../../../core/contracts/common';
import * as conferences from '../../../core/contracts/conferences';
import * as consultations from '../../../core/contracts/consultations';
import * as cursor from '../../../core/contracts/cursor';
import * as directory from '../../../core/contracts/directory';
import * as evacuation from '../../../core/contracts/evacuation';
import * as hsds from '../../../core/contracts/hsds';
import * as notifications from '../../../core/contracts/notifications';
import * as org from '../../../core/contracts/org';
import * as people from '../../../core/contracts/people';
import * as peopleImport from '../../../core/contracts/people-import';
import * as referrals from '../../../core/contracts/referrals';
import * as helpRequests from '../../../core/contracts/help-requests';
import * as helpers from '../../../core/contracts/helpers';
import * as watch from '../../../core/contracts/watch';
import * as watchActivity from '../../../core/contracts/watch-activity';
import * as hc from '../../../core/helpers/codes';
import { ja } from './ja';

/**
 * A code never reaches a reader without words (issue #10 §8): every enum in core/contracts —
 * exported, or inside a request or response schema — is either shown with a Japanese label
 * (the labeller below, which must answer in Japanese for every value) or listed as not shown,
 * with the reason. A new enum, or a new value of a labelled one, fails here until it has words.
 */
const MODULES: Record<string, Record<string, unknown>> = {
  accounts, audit, 'audit-labels': auditLabels, auth, common, conferences, consultations, cursor, directory, hsds, notifications, org, people, 'people-import': peopleImport, referrals, watch, 'watch-activity': watchActivity, helpers, 'help-requests': helpRequests, evacuation,
};

type Labeller = (value: string) => string | undefined;
const from = (record: Record<string, string | readonly [string, string] | { ja: string }>): Labeller => (v) => {
  const x = Object.hasOwn(record, v) ? record[v] : undefined;
  return typeof x === 'string' ? x : Array.isArray(x) ? x[0] : (x as { ja: string } | undefined)?.ja;
};
const group = (g: keyof typeof consultations.CONSULTATION_LABELS): Labeller => from(consultations.CONSULTATION_LABELS[g]);
const c = ja.consultations;

/** Where each enum shown in the UI gets its words (any one of the places it appears names it). */
const LABELLED: Record<string, Labeller> = {
  'audit:AuditOutcome': from({ allowed: ja.audit.allowed, denied: ja.audit.denied }),
  'audit:AuditProblemKind': from(ja.audit.verifyReport.kinds),
  'auth:LoginResponse.reach': (v) => ja.reach[v as keyof typeof ja.reach]?.title,
  'auth:LoginResponse.units[].tier': from(ja.tiers),
  'common:PermissionName': from(ja.permissions),
  'conferences:ConferenceCreate.kind': from(conferences.CONFERENCE_KIND_LABELS),
  'conferences:SharedField': from(ja.referrals.fieldLabels),
  'consultations:AbuseLaw': group('abuseLaw'),
  'consultations:Category': group('category'),
  'consultations:Channel': group('channel'),
  'consultations:Outcome': group('outcome'),
  'consultations:Consent': group('consent'),
  'consultations:ConsentScope': group('consentScope'),
  'consultations:Urgency': group('urgency'),
  'consultations:Source': group('source'),
  'consultations:Stage': group('stage'),
  'consultations:StageChange.stage': group('stage'),
  'consultations:ContactPreference': group('contactPreference'),
  'consultations:NoteKind': group('noteKind'),
  'consultations:PublicRelation': from(c.public.relations),
  'consultations:Assessment.risk': from(c.work.risks),
  'consultations:ConsultationAlert.kind': from(c.alerts.kinds),
  'consultations:RouteStep.kind': from(c.route.kinds),
  'consultations:TimelineKind': from(c.timeline.kinds),
  'consultations:ConsultationListQuery.view': from(c.queue.views),
  'consultations:ConsultationListQuery.tier': from(ja.tiers),
  'consultations:ConsultationListQuery.status': from(c.queue.statuses),
  'consultations:RoutingRule.strategy': from(ja.routing.strategies),
  'consultations:StatsExportQuery.encoding': from({ cp932: c.stats.csvCp932, utf8: c.stats.csvUtf8 }),
  'directory:HelpLayer': from(HELP_LAYER_LABELS),
  'directory:PublicServiceDetail.categories[]': from(SERVICE_CATEGORY_LABELS),
  'directory:PublicServiceDetail.status': from(ja.directory.status),
  'org:UnitKind': from(ja.unitKinds),
  'people:DataController': from(ja.people.dataControllers),
  'people:DuplicateReason': from(ja.people.duplicateReasons),
  'people:MatchKind': from(ja.people.matchKinds),
  'people:PersonStatus': from(ja.people.status),
  'people:PersonUpdate.status': from(ja.people.status),
  'people:Sex': from(ja.people.sex),
  'people:PersonChange.kind': from(ja.people.historyKinds),
  'people:SensitiveCategory': from(ja.people.sensitiveCategories),
  'people-import:ImportJob.status': from(ja.people.statuses),
  'people-import:ImportJob.problems[].severity': from(ja.people.severities),
  'people-import:ImportUploadQuery.encoding': from(ja.people.encodings),
  'referrals:ReferralStatus': from(referrals.REFERRAL_STATUS_LABELS),
  'referrals:Referral.sharing': from(ja.referrals.sharingBasis),
  'referrals:Referral.box': from(ja.referrals.tabs),
  'evacuation:ReasonCode': from(evacuation.EVACUATION_LABELS.reason),
  'evacuation:ReasonSource': from(evacuation.EVACUATION_LABELS.source),
  'evacuation:RegistrantStatus': from(evacuation.EVACUATION_LABELS.registrantStatus),
  'evacuation:ConsentRegime': from(evacuation.EVACUATION_LABELS.consentRegime),
  'evacuation:ConsentState': from(evacuation.EVACUATION_LABELS.consentState),
  'evacuation:RecipientClass': from(evacuation.EVACUATION_LABELS.recipientClass),
  'evacuation:ProvisionForm': from(evacuation.EVACUATION_LABELS.provisionForm),
  'evacuation:ProvisionStatus': from(evacuation.EVACUATION_LABELS.provisionStatus),
  'evacuation:RollCallStatus': from(evacuation.EVACUATION_LABELS.rollCallStatus),
  'evacuation:DisasterStatus': from(evacuation.EVACUATION_LABELS.disasterStatus),
  'evacuation:ShelterKind': from(evacuation.EVACUATION_LABELS.shelterKind),
  'evacuation:PlanAuthorKind': from(evacuation.EVACUATION_LABELS.planAuthorKind),
  'evacuation:Sex': from(evacuation.EVACUATION_LABELS.sex),
  'evacuation:RegistrantAccess': from(evacuation.EVACUATION_LABELS.access),
  'evacuation:RegistrantListQuery.status': from({ ...evacuation.EVACUATION_LABELS.registrantStatus, any: ['すべて', 'All'] }),
  'evacuation:ProvisionClose.status': from(evacuation.EVACUATION_LABELS.provisionStatus),
  'evacuation:CopyKind': from(evacuation.EVACUATION_LABELS.copyKind),
  'evacuation:HazardKind': from(evacuation.EVACUATION_LABELS.hazardKind),
  'evacuation:JukiChange': from(evacuation.EVACUATION_LABELS.jukiChange),
  'evacuation:CopyStatus': from(evacuation.EVACUATION_LABELS.copyStatus),
  'evacuation:CopyClose.status': from(evacuation.EVACUATION_LABELS.copyStatus),
  'watch:WatcherKind': from(watch.WATCH_LABELS.watcherKind),
  'watch:WatchChannel': from(watch.WATCH_LABELS.channel),
  'watch:VisitStatus': from(watch.WATCH_LABELS.visitStatus),
  'watch:PlanStatus': from(watch.WATCH_LABELS.planStatus),
  'watch:PlanBasis': from(watch.WATCH_LABELS.basis),
  'watch:ConsentScope': from(watch.WATCH_LABELS.consentScope),
  'watch:LegalBasisCode': from(watch.WATCH_LABELS.legalBasis),
  'watch:LadderKind': from(watch.WATCH_LABELS.ladderKind),
  'watch:LadderTarget': from(watch.WATCH_LABELS.ladderTarget),
  'watch:CampaignKind': from(watch.WATCH_LABELS.campaignKind),
  'watch:PartnerKind': from(watch.WATCH_LABELS.partnerKind),
  'watch:PartnerReportKind': from(watch.WATCH_LABELS.partnerReportKind),
  'watch:HandoverStatus': from(watch.WATCH_LABELS.handoverStatus),
  'watch-activity:ActivityField': from(watchActivity.ACTIVITY_LABELS.field),
  'watch-activity:ActivitySubject': from(watchActivity.ACTIVITY_LABELS.subject),
  'watch-activity:OtherActivity': from(watchActivity.ACTIVITY_LABELS.otherActivity),
  'watch-activity:LiaisonWith': from(watchActivity.ACTIVITY_LABELS.liaison),
  'watch-activity:ActivityEntry.kind': from(watchActivity.ACTIVITY_LABELS.kind),
  'watch:Dashboard.withoutWorkingPlan[].reason': from(ja.watch.withoutReason),
  'helpers:HelperCreate.skills[]': from(hc.SKILL_LABELS),
  'helpers:HelperCreate.languages[]': from(hc.LANGUAGE_LABELS),
  'helpers:HelperCreate.planRoles[]': from(hc.PLAN_ROLE_LABELS),
  'helpers:HelperUpdate.status': from(hc.HELPER_STATUS_LABELS),
  'helpers:Helper.status': from(hc.HELPER_STATUS_LABELS),
  'helpers:HelperQuery.status': from({ ...hc.HELPER_STATUS_LABELS, any: ja.helpers.statusAny }),
  'helpers:Helper.source': from({ staff: hc.REQUEST_SOURCE_LABELS.staff, public: hc.REQUEST_SOURCE_LABELS.public }),
  'helpers:HelperReview.decision': from({ approve: ja.helpers.approve, reject: ja.helpers.reject }),
  'helpers:PublicHelperSignup.times[]': from(ja.helpers.timeNames),
  'helpers:InsuranceCreate.plan': from(hc.INSURANCE_PLAN_LABELS),
  'helpers:Certificate.course': from(hc.COURSE_LABELS),
  'help-requests:HelpRequestCreate.kind': from(hc.REQUEST_KIND_LABELS),
  'help-requests:HelpRequestCreate.source': from(hc.REQUEST_SOURCE_LABELS),
  'help-requests:HelpRequestCreate.needs[]': from(hc.NEED_LABELS),
  'help-requests:HelpRequestCreate.feeKind': from({ free: ja.helpers.free, paid: ja.helpers.paid }),
  'help-requests:Assignment.status': from(hc.ASSIGNMENT_STATUS_LABELS),
  'help-requests:HelpRequest.status': from(hc.REQUEST_STATUS_LABELS),
  'help-requests:HelpRequestQuery.status': from({ ...hc.REQUEST_STATUS_LABELS, any: ja.helpers.statusAny }),
  'help-requests:Candidates.excluded[].reason': from(hc.EXCLUSION_LABELS),
  'help-requests:HoursCreate.activity': from(hc.HOURS_ACTIVITY_LABELS),
  'help-requests:OrganizationCreate.kind': from(hc.ORGANIZATION_KIND_LABELS),
};

/** Enums a person never reads as such, and why. */
const NOT_SHOWN: Record<string, string> = {
  'auth:Health.database': 'the health check for operators, not a page',
  'auth:LoginResponse.stage': 'decides which page opens (two-factor enrolment first); never printed',
  'consultations:Access': 'shown only as the 「状況のみ」 flag of a contributor (FlagBadges), never as a code',
  'consultations:ConsultationListQuery.overdue': 'a query flag ("1"/"true") set by a checkbox with its own label',
  'directory:PublicServiceQuery.openNow': 'a query flag set by the 「今開いている窓口だけ」 checkbox',
  'directory:AddressInput.addressType': 'HSDS data kept for exchange; the page prints the address itself',
  'directory:LocationCreate.phones[].type': 'the page says 電話 or FAX; other HSDS types are exchange data',
  'directory:Location.schedules[].freq': 'RRULE data: the page prints the hours in words (core/directory/hours.ts)',
  'people:PersonDetail.relationships[].kind': 'each kind is its own section of the person page (キーパーソン, 緊急連絡先, 家族)',
  'people:PersonSearchResult.queryKind': 'tells the page how the search box was read; the page says it in words of its own',
  'people-import:ImportAction': 'counted under the labels of 確認結果 (people.counts), never printed as a code',
  'people-import:ImportRow.result': 'per-row bookkeeping of an import, not shown',
  'people-import:ImportJob.problems[].code': 'the server sends each problem with its reason in words; the code is for tools',
  'people-import:ExportQuery.status': 'chosen by which export button is pressed',
  'people-import:ExportQuery.unrepresentable': 'chosen by which export button is pressed',
  'watch:PlanListQuery.status': 'a query filter; the statuses a plan shows are labelled as PlanStatus, and "any" is no filter',
  'watch:PlanAccess': 'decides which fields the visit screen shows (a watcher sees what to do, not the basis); never printed',
  'help-requests:HelpRequestQuery.mine': 'a query flag the requests page sets by the role of its reader (a coordinator sees all in reach), never printed',
  'help-requests:Candidates.distance.method': 'not printed: the candidates page shows each distance and its reason in words; the method is for tools and the bench',
};

interface Found {
  values: string[];
  paths: string[];
}

/** Every enum reachable from the exports of core/contracts, with every place it appears. */
function enumsOfContracts(): Map<string, Found> {
  const found = new Map<string, Found>();
  const walk = (schema: unknown, where: string, seen: Set<unknown>): void => {
    const def = (schema as { def?: Record<string, unknown> & { type: string } } | null)?.def;
    if (!def || seen.has(schema)) return;
    seen.add(schema);
    const inner = (k: string, suffix = '') => walk(def[k], `${where}${suffix}`, seen);
    switch (def.type) {
      case 'enum': {
        const values = Object.values(def.entries as Record<string, string>).map(String);
        const key = [...values].sort().join(',');
        const f = found.get(key) ?? { values, paths: [] };
        f.paths.push(where);
        found.set(key, f);
        return;
      }
      case 'object':
        for (const [k, v] of Object.entries(def.shape as Record<string, z.ZodType>)) walk(v, `${where}.${k}`, seen);
        return;
      case 'array':
        return inner('element', '[]');
      case 'optional': case 'nullable': case 'default': case 'prefault': case 'readonly': case 'catch': case 'nonoptional':
        return inner('innerType');
      case 'pipe':
        inner('in');
        return inner('out');
      case 'union':
        (def.options as unknown[]).forEach((o) => walk(o, where, seen));
        return;
      case 'record':
        inner('keyType', '{key}');
        return inner('valueType', '{}');
      case 'intersection':
        inner('left');
        return inner('right');
      default:
        return;
    }
  };
  for (const [file, mod] of Object.entries(MODULES)) for (const [name, v] of Object.entries(mod)) walk(v, `${file}:${name}`, new Set());
  return found;
}

const japanese = /[\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Han}]/u;
/** Names a Japanese reader reads as they are (文字コード): a label made of one is still words, not a code. */
const STANDARD_NAMES = /UTF-8|Shift_JIS|CP932/;

describe('every enum in core/contracts that a person reads has Japanese words', () => {
  const found = [...enumsOfContracts().values()];

  it('walks every contracts file (a new one must be added above)', () => {
    const dir = path.resolve(import.meta.dirname, '../../../core/contracts');
    const files = fs.readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts')).map((f) => f.replace(/\.ts$/, ''));
    expect(files.sort()).toEqual(Object.keys(MODULES).sort());
    expect(found.length).toBeGreaterThan(40);
  });

  it('each enum is labelled or said not to be shown, and the lists name only real enums', () => {
    const all = new Set(found.flatMap((f) => f.paths));
    const unaccounted = found.filter((f) => !f.paths.some((p) => p in LABELLED || p in NOT_SHOWN)).map((f) => `${f.paths[0]} (${f.values.join(', ')})`);
    expect(unaccounted).toEqual([]);
    expect(Object.keys({ ...LABELLED, ...NOT_SHOWN }).filter((p) => !all.has(p))).toEqual([]);
  });

  it('a labelled enum has a Japanese label for every value', () => {
    const missing: string[] = [];
    for (const f of found) {
      const at = f.paths.find((p) => p in LABELLED);
      if (!at) continue;
      for (const v of f.values) {
        const label = LABELLED[at]!(v);
        if (!label || label === v || !(japanese.test(label) || STANDARD_NAMES.test(label))) missing.push(`${at}: ${v} → ${label ?? '(none)'}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('catches a value without a label (the check can fail)', () => {
    expect(group('urgency')('teleport')).toBeUndefined();
    expect(from(ja.tiers)('toString')).toBeUndefined();
  });
});
