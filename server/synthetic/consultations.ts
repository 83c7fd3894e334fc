import crypto from 'node:crypto';
import { fiscalYear, workingDayDeadline } from '../../core/japanese';
import { hashPassword, provisionAccount } from '../modules/accounts';
import { consultationSearchText } from '../modules/consultations';
import { appendAudit } from '../platform/audit';
import type { Db, Queryable } from '../platform/db';
import { random } from './generator';

/**
 * Fictional consultations (相談) for development and benchmarks (docs/bench.md,
 * "Consultations"). Deterministic: the same seed and the same world (units, people, workers)
 * give the same consultations, in the same order, on any machine. Spread over Mine City's
 * units and tiers — most at the district councils, fewer at the area centres, a few at the
 * city hub — over two fiscal years up to `until`, with a realistic mix of channels,
 * categories, urgency, stages and outcomes (about 35 % open, the newer the likelier), some
 * escalated a tier up (the district keeps holding them), some linked to synthetic people.
 * Every summary starts with 【架空】 and every ID with 00000000-c0c0-, so no row can be taken
 * for a real one.
 */

/** One unit of the municipality's structure, as the generator needs it. */
export interface WorldUnit {
  id: string;
  parentId: string | null;
  tier: string;
  kind: string;
}

export interface ConsultationWorld {
  units: readonly WorldUnit[];
  /** Synthetic people that consultations may name, with the unit that owns them (sorted by id for determinism). */
  people: readonly { id: string; unitId: string }[];
  /** Accounts that work consultations, by unit (sorted): assigned workers and who took a worry in. */
  workers: Readonly<Record<string, readonly string[]>>;
}

export interface SyntheticConsultation {
  id: string;
  receiptNumber: string;
  fiscalYear: number;
  serial: number;
  channel: string;
  source: string;
  sourceNote: string;
  anonymous: boolean;
  thirdPartyConcern: boolean;
  categories: string[];
  urgency: string;
  summary: string;
  subjectLabel: string;
  personId: string | null;
  address: string;
  consent: string;
  consentScope: string[];
  stage: string;
  owningUnitId: string;
  doorUnitId: string;
  assignedAccountId: string | null;
  assignedAt: string | null;
  assignmentDueAt: string;
  firstContactDueAt: string;
  firstContactAt: string | null;
  raisedBy: string | null;
  outcome: string | null;
  closedAt: string | null;
  closedBy: string | null;
  followUpDate: string | null;
  closureNote: string;
  searchText: string;
  version: number;
  createdAt: string;
  updatedAt: string;
  holders: { unitId: string; since: string }[];
  events: SyntheticEvent[];
}

export interface SyntheticEvent {
  id: string;
  kind: string;
  noteKind: string | null;
  body: string;
  sensitive: boolean;
  details: Record<string, unknown>;
  fromUnitId: string | null;
  toUnitId: string | null;
  unitId: string | null;
  byAccountId: string | null;
  at: string;
}

/** The day the synthetic period ends by default, so a seed gives the same data whatever the date of the run. */
export const CONSULTATIONS_UNTIL = '2026-11-20';
/** IDs of synthetic consultations and their events: recognisable, and never a random UUID's. */
export const SYNTHETIC_CONSULTATION_PREFIX = '00000000-c0c0-';
const consultationUuid = (n: number) => `00000000-c0c0-4000-a000-${String(n).padStart(12, '0')}`;
const eventUuid = (n: number) => `00000000-c0c0-4000-b000-${String(n).padStart(12, '0')}`;


/** 年度-連番, as consultations.policy.ts `receiptNumber` writes it (2026-00042). */
const receiptOf = (fy: number, n: number) => `${fy}-${String(n).padStart(5, '0')}`;

type Weighted<T> = readonly (readonly [T, number])[];
function picker<T>(items: Weighted<T>): (r: number) => T {
  const sum = items.reduce((a, [, w]) => a + w, 0);
  return (r) => {
    let x = r * sum;
    for (const [v, w] of items) {
      if (x < w) return v;
      x -= w;
    }
    return items[items.length - 1]![0];
  };
}

const CHANNEL = picker([['phone', 35], ['walk_in', 25], ['home_visit', 20], ['outreach', 8], ['referral', 7], ['web', 5]]);
const SOURCE = picker([['self', 40], ['family', 25], ['neighbour', 10], ['commissioner', 12], ['agency', 8], ['staff', 5]]);
const URGENCY = picker([['normal', 70], ['high', 15], ['low', 12], ['emergency', 3]]);
const CONSENT = picker([['given', 55], ['not_asked', 35], ['not_given', 10]]);
const OUTCOME = picker([['resolved', 55], ['referred', 15], ['declined', 10], ['moved', 7], ['deceased', 5], ['unreachable', 8]]);
const NOTE_KIND = picker([['note', 40], ['contact', 25], ['visit', 20], ['meeting', 8], ['contact_attempt', 7]]);
const CATEGORY = picker([
  ['elderly_care', 30], ['isolation', 15], ['poverty', 12], ['health', 12], ['disability', 10], ['mobility', 8], ['housing', 6],
  ['employment', 6], ['children', 6], ['hikikomori', 5], ['abuse', 3], ['other', 4], ['disaster', 1],
]);

/** What a worry of each category sounds like (fictional phrases; the search words of the bench are among them). */
const PHRASES: Record<string, readonly string[]> = {
  elderly_care: ['一人暮らしの母の物忘れが増え、認知症ではないかと心配', '介護保険の申請の仕方が分からない', '通院の付き添いをしてくれる人を探している', '入浴の介助が家族だけでは難しくなった'],
  isolation: ['近所の高齢男性を最近見かけない', '夫を亡くしてから誰とも話していないという', '見守りをお願いしたい', 'サロンに来なくなった方がいる'],
  poverty: ['家賃を二か月滞納している', '生活費が足りず食料に困っている', '光熱費の支払いが難しい', '借金の返済で生活が苦しい'],
  health: ['持病の薬が切れて通院できていない', '食事がとれず体重が減っている', '夜眠れないと訴えている', '退院後の生活に不安がある'],
  disability: ['障害のある息子の将来が心配', '就労支援の事業所を探している', '手帳の更新の手続きが分からない'],
  mobility: ['買い物に行く手段がない', 'バスの本数が減り通院が大変', '運転免許を返納した後の移動に困っている'],
  housing: ['家の中にゴミがたまっている', '空き家の隣家が傷んでいて危ない', '住み替え先を探している', '雨漏りを直す費用がない'],
  employment: ['失業して次の仕事が見つからない', '子どもが仕事を続けられず家にいる', '求職活動の相談をしたい'],
  children: ['子育てに疲れて相談したい', '子どもが学校に行けていない', 'ひとり親で仕事と育児の両立が難しい'],
  hikikomori: ['息子が長く自宅にこもっている', '家族以外と会おうとしない子がいる'],
  abuse: ['家族から怒鳴られている様子がある', '体にあざがあるのを見かけた', '年金を家族に取り上げられているらしい'],
  disaster: ['大雨の時に避難できるか不安', '災害時の避難の手助けを頼みたい'],
  other: ['どこに相談すればよいか分からない', '手続きの書類の書き方を教えてほしい'],
};
const NOTE_BODIES = ['電話で状況を確認した', '自宅を訪問し本人と話した', '家族と今後の支援を相談した', '関係機関と情報を共有した', '次回の訪問日を決めた', '不在のため置き手紙をした'];
const CLOSURE_NOTES: Record<string, string> = {
  resolved: '支援により課題が解消した', referred: '専門機関へ引き継いだ', declined: '本人が支援を望まず、見守りを続ける',
  moved: '市外へ転居した', deceased: '逝去された', unreachable: '連絡がとれず、地区で見守りを続ける',
};

/** The 町 of each district of 美祢市 (subject labels); other structures get 市内. */
const TOWNS_OF: Record<string, readonly string[]> = {
  'district-omine': ['大嶺町'], 'district-isa': ['伊佐町'], 'district-toyotamae': ['豊田前町'], 'district-ofuku': ['於福町'],
  'district-atsu': ['東厚保町', '西厚保町'], 'district-mito': ['美東町'], 'district-shuho': ['秋芳町'],
};
/** How busy each district is, roughly by population. */
const DISTRICT_WEIGHT: Record<string, number> = {
  'district-omine': 30, 'district-isa': 12, 'district-toyotamae': 5, 'district-ofuku': 6, 'district-atsu': 8, 'district-mito': 22, 'district-shuho': 17,
};

const DAY = 86_400_000;
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
/** The date in Japan of an instant. */
const jstDay = (ms: number) => isoDay(ms + 9 * 3600_000);
const FIRST_CONTACT_DAYS: Record<string, number> = { emergency: 0, high: 1, normal: 3, low: 5 };

export interface GenerateOptions {
  seed: number;
  /** The last day of the period (ISO date); the period starts on 1 April of the fiscal year before. */
  until?: string;
  /** How many consultations the whole period holds: sets their spacing in time. */
  count: number;
  /** Receipt serials already taken per fiscal year (consultation_counters): synthetic numbers continue after them. */
  serialsTaken?: Readonly<Record<number, number>>;
}

/**
 * Creates consultations oldest first; call `next()` for each. Receipt numbers run 1, 2, 3 …
 * within each fiscal year, in time order, as the service hands them out.
 */
export class SyntheticConsultations {
  private readonly rnd: () => number;
  private readonly start: number;
  private readonly span: number;
  private readonly districts: { pick: (r: number) => WorldUnit; all: WorldUnit[] };
  private readonly centres: WorldUnit[];
  private readonly hub: WorldUnit;
  private readonly unitById: Map<string, WorldUnit>;
  private readonly peopleOf = new Map<string, string[]>();
  private n = 0;
  private events = 0;
  /** The last receipt serial of each fiscal year so far. */
  readonly lastSerial = new Map<number, number>();

  constructor(
    private readonly world: ConsultationWorld,
    private readonly opts: GenerateOptions,
  ) {
    this.rnd = random(opts.seed ^ 0x5eed_c0c0);
    const until = opts.until ?? CONSULTATIONS_UNTIL;
    const fy = fiscalYear(until);
    this.start = Date.parse(`${fy - 1}-04-01T00:00:00+09:00`);
    this.span = Date.parse(`${until}T18:00:00+09:00`) - this.start;
    this.unitById = new Map(world.units.map((u) => [u.id, u]));
    const districts = world.units.filter((u) => u.tier === 'district');
    const hub = world.units.find((u) => u.kind === 'hub') ?? world.units.find((u) => u.tier === 'city');
    if (!hub || districts.length === 0) throw new Error('the structure needs a city hub and at least one district');
    this.hub = hub;
    this.districts = { pick: picker(districts.map((d) => [d, DISTRICT_WEIGHT[d.id] ?? 10] as const)), all: districts };
    this.centres = world.units.filter((u) => u.tier === 'area');
    for (const p of world.people) {
      const list = this.peopleOf.get(p.unitId) ?? [];
      list.push(p.id);
      this.peopleOf.set(p.unitId, list);
    }
  }

  private r(): number {
    return this.rnd();
  }

  private pickOf<T>(items: readonly T[]): T {
    return items[Math.floor(this.r() * items.length)] as T;
  }

  private worker(unitId: string): string | null {
    const w = this.world.workers[unitId];
    return w && w.length > 0 ? this.pickOf(w) : null;
  }

  private event(e: Omit<SyntheticEvent, 'id' | 'noteKind' | 'sensitive' | 'details' | 'body' | 'fromUnitId' | 'toUnitId'> & Partial<SyntheticEvent>): SyntheticEvent {
    return { id: eventUuid(++this.events), noteKind: null, body: '', sensitive: false, details: {}, fromUnitId: null, toUnitId: null, ...e };
  }

  next(): SyntheticConsultation {
    const n = ++this.n;
    const created = Math.floor(this.start + ((n - 1 + this.r()) * this.span) / this.opts.count);
    const createdIso = new Date(created).toISOString();
    const fy = fiscalYear(jstDay(created));
    const serial = (this.lastSerial.get(fy) ?? this.opts.serialsTaken?.[fy] ?? 0) + 1;
    this.lastSerial.set(fy, serial);
    const receipt = receiptOf(fy, serial);
    const endMs = this.start + this.span;
    const ageDays = (endMs - created) / DAY;

    // Where it came in and who owns it now: mostly a district; some escalated a tier up.
    const d = this.districts.pick(this.r());
    const doorRoll = this.r();
    const door: WorldUnit = doorRoll < 0.74 ? d : doorRoll < 0.93 && this.centres.length ? (this.unitById.get(d.parentId ?? '') ?? this.pickOf(this.centres)) : this.hub;
    let owner = door;
    let escalatedAt: number | null = null;
    const escalate = this.r();
    if (door.tier === 'district' && escalate < 0.12 && door.parentId && this.unitById.has(door.parentId)) owner = this.unitById.get(door.parentId)!;
    else if (door.tier === 'area' && escalate < 0.1) owner = this.hub;
    if (owner !== door) escalatedAt = Math.min(endMs, created + (1 + this.r() * 6) * DAY);

    const channel = door.tier === 'city' && this.r() < 0.3 ? 'referral' : CHANNEL(this.r());
    const source = SOURCE(this.r());
    const urgency = URGENCY(this.r());
    const categories = [CATEGORY(this.r())];
    const extra = this.r();
    for (let k = 0; k < (extra < 0.55 ? 0 : extra < 0.88 ? 1 : 2); k++) {
      const c = CATEGORY(this.r());
      if (!categories.includes(c)) categories.push(c);
    }
    const summary = `【架空】${categories.map((c) => this.pickOf(PHRASES[c] ?? PHRASES.other!)).join('。')}。`;

    // About whom: a person record of the district (about a third), a label, or nobody (anonymous).
    const districtId = door.tier === 'district' ? door.id : d.id;
    const anonymous = this.r() < 0.05;
    const candidates = this.peopleOf.get(districtId) ?? [];
    const personId = !anonymous && candidates.length > 0 && this.r() < 0.32 ? this.pickOf(candidates) : null;
    const town = this.pickOf(TOWNS_OF[districtId] ?? ['市内']);
    const subjectLabel = anonymous || personId ? '' : `${town}の${this.pickOf(['70代', '80代', '90代', '60代', '40代', '30代'])}${this.pickOf(['男性', '女性'])}`;
    const consent = anonymous ? 'not_asked' : CONSENT(this.r());
    const consentScope = consent === 'given' ? (this.r() < 0.6 ? ['council'] : ['council', 'city']) : [];
    const thirdPartyConcern = source === 'neighbour' || (source === 'commissioner' && this.r() < 0.5);

    // How far it went: open is likelier the newer it is (about 35 % overall).
    const open = this.r() < Math.min(0.95, 0.2 + 0.75 * Math.exp(-ageDays / 120));
    const assignmentDue = workingDayDeadline(escalatedAt ?? created, 1);
    const firstContactDue = urgency === 'emergency' ? created + 4 * 3600_000 : workingDayDeadline(created, FIRST_CONTACT_DAYS[urgency] ?? 3);
    const raisedBy = this.worker(door.id);
    const assignedAccountId = this.r() < 0.7 ? this.worker(owner.id) : null;
    const assignedAt = assignedAccountId ? new Date(Math.min(endMs, (escalatedAt ?? created) + (0.1 + this.r() * 2) * DAY)).toISOString() : null;
    let firstContact: number | null = Math.min(endMs, created + (0.05 + this.r() * 2.5) * DAY);
    if (open && firstContactDue < endMs && this.r() < 0.08) firstContact = null; // overdue: no contact recorded in time
    if (open && firstContactDue >= endMs && this.r() < 0.5) firstContact = null; // not yet due
    if (firstContact !== null && firstContact > endMs) firstContact = null;

    let stage: string;
    let outcome: string | null = null;
    let closedAt: number | null = null;
    if (open) {
      stage = ageDays < 7 ? this.pickOf(['received', 'received', 'assessing']) : this.pickOf(['assessing', 'planning', 'supporting', 'supporting', 'monitoring']);
    } else {
      stage = 'closed';
      outcome = OUTCOME(this.r());
      closedAt = Math.min(endMs, created + (3 + this.r() * Math.min(150, Math.max(1, ageDays - 3))) * DAY);
    }
    const closedBy = closedAt ? (this.worker(owner.id) ?? assignedAccountId) : null;
    const followUpDate = outcome === 'declined' || outcome === 'unreachable' ? jstDay((closedAt as number) + 90 * DAY) : null;

    const events: SyntheticEvent[] = [
      this.event({ kind: 'intake', toUnitId: door.id, unitId: door.id, byAccountId: raisedBy, at: createdIso, details: { channel, doorKind: door.kind, synthetic: true } }),
    ];
    const holders = [{ unitId: door.id, since: createdIso }];
    if (escalatedAt !== null) {
      const at = new Date(escalatedAt).toISOString();
      events.push(this.event({ kind: 'escalation', body: '地区だけでは対応が難しいため', fromUnitId: door.id, toUnitId: owner.id, unitId: door.id, byAccountId: raisedBy, at }));
      holders.push({ unitId: owner.id, since: at });
    }
    const lastMs = closedAt ?? endMs;
    const notes = Math.floor(this.r() * 4);
    for (let k = 0; k < notes; k++) {
      const at = created + ((k + 1) / (notes + 1)) * (lastMs - created);
      const kind = NOTE_KIND(this.r());
      events.push(this.event({
        kind: 'note', noteKind: kind, body: this.pickOf(NOTE_BODIES), sensitive: this.r() < 0.05, unitId: owner.id,
        byAccountId: assignedAccountId ?? this.worker(owner.id), at: new Date(at).toISOString(),
      }));
    }
    if (closedAt !== null) {
      events.push(this.event({
        kind: 'closed', body: CLOSURE_NOTES[outcome as string] ?? '', unitId: owner.id, byAccountId: closedBy, at: new Date(closedAt).toISOString(),
        details: { outcome, followUpDate, stageBefore: 'monitoring', approvedBy: null },
      }));
    }
    events.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
    const updatedAt = events[events.length - 1]!.at;

    return {
      id: consultationUuid(n), receiptNumber: receipt, fiscalYear: fy, serial, channel, source, sourceNote: '架空（ベンチマーク用）', anonymous,
      thirdPartyConcern, categories, urgency, summary, subjectLabel, personId, address: anonymous ? '' : `山口県美祢市${town}`, consent, consentScope,
      stage, owningUnitId: owner.id, doorUnitId: door.id, assignedAccountId, assignedAt,
      assignmentDueAt: new Date(assignmentDue).toISOString(), firstContactDueAt: new Date(firstContactDue).toISOString(),
      firstContactAt: firstContact === null ? null : new Date(firstContact).toISOString(), raisedBy, outcome,
      closedAt: closedAt === null ? null : new Date(closedAt).toISOString(), closedBy, followUpDate, closureNote: outcome ? (CLOSURE_NOTES[outcome] ?? '') : '',
      searchText: consultationSearchText(receipt, summary, subjectLabel), version: events.length, createdAt: createdIso, updatedAt, holders, events,
    };
  }

  take(n: number): SyntheticConsultation[] {
    return Array.from({ length: n }, () => this.next());
  }
}

/** `n` consultations of a seed: for tests and small runs. */
export function syntheticConsultations(world: ConsultationWorld, n: number, seed = 42, until = CONSULTATIONS_UNTIL): SyntheticConsultation[] {
  return new SyntheticConsultations(world, { seed, count: n, until }).take(n);
}

// ─── Loading ────────────────────────────────────────────────────────────────────────────

const BATCH = 2000;

/** The municipality already has some synthetic consultations, but fewer than asked for. */
export class PartialSyntheticConsultations extends Error {}

export interface SeedConsultationsOptions {
  count: number;
  seed: number;
  /**
   * Fictional staff accounts to make first in every district, area centre and the hub
   * (syn-<unit>-<k>, a password nobody knows), so that cases spread over several workers as in a
   * real unit rather than all landing on the demo accounts. 0: only the accounts already there.
   */
  workersPerUnit?: number;
  until?: string;
  /** Delete the municipality's synthetic consultations first. */
  replace?: boolean;
  onProgress?: (done: number, total: number) => void;
}

export interface SeedConsultationsResult {
  existing: number;
  inserted: number;
  events: number;
  seconds: number;
}

export async function countSyntheticConsultations(db: Queryable, m: string): Promise<number> {
  const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM consultations WHERE municipality_code = $1 AND consultation_id LIKE '00000000-c0c0-%'`, [m]);
  return Number(rows[0]?.n ?? 0);
}

/** Deletes the synthetic consultations of `m` with their holders, events and what hangs off them. */
export async function deleteSyntheticConsultations(db: Db, m: string): Promise<void> {
  await db.transaction(async (tx) => {
    const mine = `municipality_code = $1 AND consultation_id LIKE '00000000-c0c0-%'`;
    for (const t of ['consultation_events', 'consultation_holders', 'consultation_assessments', 'consultation_plans', 'consultation_tasks', 'abuse_reports']) {
      await tx.query(`DELETE FROM ${t} WHERE ${mine}`, [m]);
    }
    await tx.query(`DELETE FROM consultations WHERE ${mine}`, [m]);
  });
}

/** The role a fictional worker of a unit gets: the one its demo account has. */
const WORKER_ROLE = (u: WorldUnit) => (u.tier === 'district' ? 'district_member' : u.tier === 'area' ? 'csw' : u.kind === 'hub' ? 'coordinator' : null);

/** Makes `perUnit` fictional staff accounts in every district, centre and the hub that lacks them. */
export async function ensureSyntheticWorkers(db: Db, m: string, perUnit: number): Promise<number> {
  const { units } = await loadWorld(db, m, 0);
  const { rows } = await db.query<{ login_id: string }>(`SELECT login_id FROM accounts WHERE municipality_code = $1 AND login_id LIKE 'syn-%'`, [m]);
  const existing = new Set(rows.map((r) => r.login_id));
  const wanted = units.flatMap((u) => {
    const role = WORKER_ROLE(u);
    return role ? Array.from({ length: perUnit }, (_, i) => ({ loginId: `syn-${u.id}-${i + 1}`, unit: u.id, role, k: i + 1 })) : [];
  }).filter((w) => !existing.has(w.loginId));
  if (wanted.length === 0) return 0;
  const passwordHash = await hashPassword(crypto.randomBytes(24).toString('base64url')); // nobody knows it: these accounts never sign in
  await db.transaction(async (tx) => {
    for (const w of wanted) {
      await provisionAccount(
        tx, m,
        { loginId: w.loginId, displayName: `架空 職員${w.k}（${w.unit}）`, passwordHash, isDemo: false, roles: [w.role], unitIds: [w.unit], areaIds: [], termEndsOn: null },
        async (t, id) => {
          await appendAudit(t, { municipalityCode: m, actorAccountId: null, actorLoginId: 'system', action: 'account.created', subjectType: 'account', subjectId: id, outcome: 'allowed', details: { loginId: w.loginId, roles: [w.role], synthetic: true, fictional: true } });
        },
      );
    }
  });
  return wanted.length;
}

/** The world of a municipality as stored: its units, its active synthetic people, and the accounts that may work consultations. */
export async function loadWorld(db: Queryable, m: string, maxPeople = 50_000): Promise<ConsultationWorld> {
  const units = await db.query<{ unit_id: string; parent_unit_id: string | null; tier: string; kind: string }>(
    'SELECT unit_id, parent_unit_id, tier, kind FROM units WHERE municipality_code = $1 AND is_active ORDER BY unit_id',
    [m],
  );
  const people = await db.query<{ person_id: string; owner_unit_id: string }>(
    `SELECT person_id, owner_unit_id FROM people WHERE municipality_code = $1 AND register_id LIKE 'SYN%' AND status = 'active' ORDER BY person_id LIMIT $2`,
    [m, maxPeople],
  );
  const workers = await db.query<{ unit_id: string; account_id: string }>(
    `SELECT DISTINCT au.unit_id, a.account_id FROM accounts a
       JOIN account_units au ON au.municipality_code = a.municipality_code AND au.account_id = a.account_id
       JOIN account_roles ar ON ar.municipality_code = a.municipality_code AND ar.account_id = a.account_id
       JOIN role_permissions rp ON rp.municipality_code = ar.municipality_code AND rp.role_code = ar.role_code
      WHERE a.municipality_code = $1 AND a.is_active AND rp.permission = 'consultations.write'
      ORDER BY au.unit_id, a.account_id`,
    [m],
  );
  const byUnit: Record<string, string[]> = {};
  for (const w of workers.rows) (byUnit[w.unit_id] ??= []).push(w.account_id);
  return {
    units: units.rows.map((u) => ({ id: u.unit_id, parentId: u.parent_unit_id, tier: u.tier, kind: u.kind })),
    people: people.rows.map((p) => ({ id: p.person_id, unitId: p.owner_unit_id })),
    workers: byUnit,
  };
}

async function insertBatch(tx: Queryable, m: string, rows: readonly SyntheticConsultation[]): Promise<void> {
  const col = <T>(f: (c: SyntheticConsultation) => T) => rows.map(f);
  await tx.query(
    `INSERT INTO consultations (municipality_code, consultation_id, receipt_number, channel, source, source_note, anonymous, third_party_concern,
       categories, urgency, summary, subject_label, person_id, address, consent, consent_scope, stage, owning_unit_id, door_unit_id,
       assigned_account_id, assigned_at, assignment_due_at, first_contact_due_at, first_contact_at, raised_by, outcome, closed_at, closed_by,
       follow_up_date, closure_note, search_text, version, created_at, updated_at)
     SELECT $1, id, rn, ch, src, sn, anon, tp, string_to_array(cats, ','), urg, summ, subj, pid, addr, cons, string_to_array(scope, ','), stage,
            own, door, asg, asg_at, asg_due, fc_due, fc_at, raised, outc, cl_at, cl_by, fu, cl_note, st, ver, cr, up
       FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::bool[], $8::bool[], $9::text[], $10::text[], $11::text[],
                   $12::text[], $13::text[], $14::text[], $15::text[], $16::text[], $17::text[], $18::text[], $19::text[], $20::text[],
                   $21::timestamptz[], $22::timestamptz[], $23::timestamptz[], $24::timestamptz[], $25::text[], $26::text[], $27::timestamptz[],
                   $28::text[], $29::date[], $30::text[], $31::text[], $32::int[], $33::timestamptz[], $34::timestamptz[])
         AS t (id, rn, ch, src, sn, anon, tp, cats, urg, summ, subj, pid, addr, cons, scope, stage, own, door, asg, asg_at, asg_due, fc_due,
               fc_at, raised, outc, cl_at, cl_by, fu, cl_note, st, ver, cr, up)`,
    [
      m, col((c) => c.id), col((c) => c.receiptNumber), col((c) => c.channel), col((c) => c.source), col((c) => c.sourceNote),
      col((c) => c.anonymous), col((c) => c.thirdPartyConcern), col((c) => c.categories.join(',')), col((c) => c.urgency), col((c) => c.summary),
      col((c) => c.subjectLabel), col((c) => c.personId), col((c) => c.address), col((c) => c.consent), col((c) => c.consentScope.join(',')),
      col((c) => c.stage), col((c) => c.owningUnitId), col((c) => c.doorUnitId), col((c) => c.assignedAccountId), col((c) => c.assignedAt),
      col((c) => c.assignmentDueAt), col((c) => c.firstContactDueAt), col((c) => c.firstContactAt), col((c) => c.raisedBy), col((c) => c.outcome),
      col((c) => c.closedAt), col((c) => c.closedBy), col((c) => c.followUpDate), col((c) => c.closureNote), col((c) => c.searchText),
      col((c) => c.version), col((c) => c.createdAt), col((c) => c.updatedAt),
    ],
  );
  const holders = rows.flatMap((c) => c.holders.map((h) => ({ id: c.id, ...h })));
  await tx.query(
    `INSERT INTO consultation_holders (municipality_code, consultation_id, unit_id, since)
     SELECT $1, id, unit, since FROM unnest($2::text[], $3::text[], $4::timestamptz[]) AS t (id, unit, since)`,
    [m, holders.map((h) => h.id), holders.map((h) => h.unitId), holders.map((h) => h.since)],
  );
  const events = rows.flatMap((c) => c.events.map((e) => ({ cid: c.id, ...e })));
  const ev = <T>(f: (e: (typeof events)[number]) => T) => events.map(f);
  await tx.query(
    `INSERT INTO consultation_events (municipality_code, consultation_id, event_id, kind, note_kind, body, sensitive, details, from_unit_id, to_unit_id, unit_id, by_account_id, at)
     SELECT $1, cid, id, kind, nk, body, sens, details::jsonb, fu, tu, u, by, at
       FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::bool[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text[], $13::timestamptz[])
         AS t (cid, id, kind, nk, body, sens, details, fu, tu, u, by, at)`,
    [
      m, ev((e) => e.cid), ev((e) => e.id), ev((e) => e.kind), ev((e) => e.noteKind), ev((e) => e.body), ev((e) => e.sensitive),
      ev((e) => JSON.stringify(e.details)), ev((e) => e.fromUnitId), ev((e) => e.toUnitId), ev((e) => e.unitId), ev((e) => e.byAccountId), ev((e) => e.at),
    ],
  );
}

/**
 * Makes sure `m` has `count` synthetic consultations from `seed`: generates them when there are
 * none (batches of BATCH, one transaction each, the next batch made while the last is written),
 * keeps them when there are enough (benchmarks reuse a generated set), and refuses a partial set
 * unless `replace` is given. The receipt counters are moved past the synthetic numbers so new
 * intakes continue after them. The municipality's units, synthetic people and workers must be
 * there first (seedMunicipality, seedSyntheticPeople).
 */
export async function seedSyntheticConsultations(db: Db, m: string, opts: SeedConsultationsOptions): Promise<SeedConsultationsResult> {
  const started = performance.now();
  let existing = await countSyntheticConsultations(db, m);
  if (existing > 0 && opts.replace) {
    await deleteSyntheticConsultations(db, m);
    existing = 0;
  }
  if (existing >= opts.count) return { existing, inserted: 0, events: 0, seconds: (performance.now() - started) / 1000 };
  if (existing > 0) throw new PartialSyntheticConsultations(`Municipality ${m} has ${existing} synthetic consultations, fewer than ${opts.count}: run again with --replace to regenerate them.`);

  if (opts.workersPerUnit) await ensureSyntheticWorkers(db, m, opts.workersPerUnit);
  const world = await loadWorld(db, m);
  const counters = await db.query<{ fiscal_year: number; last_number: number }>('SELECT fiscal_year, last_number FROM consultation_counters WHERE municipality_code = $1', [m]);
  const serialsTaken = Object.fromEntries(counters.rows.map((r) => [r.fiscal_year, r.last_number]));
  const gen = new SyntheticConsultations(world, { seed: opts.seed, count: opts.count, serialsTaken, ...(opts.until ? { until: opts.until } : {}) });
  let made = 0;
  let events = 0;
  const nextBatch = async (): Promise<SyntheticConsultation[] | null> => {
    if (made >= opts.count) return null;
    await new Promise((resolve) => setImmediate(resolve));
    const rows = gen.take(Math.min(BATCH, opts.count - made));
    made += rows.length;
    return rows;
  };
  let batch = await nextBatch();
  let done = 0;
  while (batch) {
    const b = batch;
    const written = db.transaction((tx) => insertBatch(tx, m, b));
    batch = await nextBatch();
    await written;
    done += b.length;
    events += b.reduce((a, c) => a + c.events.length, 0);
    opts.onProgress?.(done, opts.count);
  }
  await db.transaction(async (tx) => {
    for (const [fy, last] of [...gen.lastSerial].sort((a, b) => a[0] - b[0])) {
      await tx.query(
        `INSERT INTO consultation_counters (municipality_code, fiscal_year, last_number) VALUES ($1, $2, $3)
         ON CONFLICT (municipality_code, fiscal_year) DO UPDATE SET last_number = GREATEST(consultation_counters.last_number, EXCLUDED.last_number)`,
        [m, fy, last],
      );
    }
    await appendAudit(tx, {
      municipalityCode: m, actorAccountId: null, actorLoginId: 'system', action: 'consultations.syntheticSeeded', subjectType: 'municipality', subjectId: m,
      outcome: 'allowed', details: { consultations: made, events, seed: opts.seed, until: opts.until ?? CONSULTATIONS_UNTIL, fictional: true, idPrefix: SYNTHETIC_CONSULTATION_PREFIX },
    });
  });
  return { existing: 0, inserted: made, events, seconds: (performance.now() - started) / 1000 };
}
