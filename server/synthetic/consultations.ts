import { fiscalYear, workingDayDeadline } from '../../core/japanese';
import { consultationSearchText } from '../modules/consultations';
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
