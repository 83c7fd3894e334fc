/**
 * Candidate ranking (issue #13 §8): 5,000 synthetic helpers and 1,000 open requests in one fresh
 * municipality (BENCH_HELPERS / BENCH_HELP_REQUESTS to change the size), and one operation = the
 * ranking of one request as 社協 staff see it — the real statement (matching.repo.ts
 * `candidateRows`: row filter, cover, pattern, exceptions, bookings, past help) and the real
 * ranking (matching.ts) with straight-line distances — for requests taken in turn. p50/p95/p99
 * of the measured rounds are in the note. Opt-in: `npm run bench -- helpers` (on PostgreSQL:
 * BENCH_DATABASE_URL).
 */
import crypto from 'node:crypto';
import { straightKm } from '../../core/helpers/slots';
import { japanSlot } from '../../core/helpers/slots';
import { isJapaneseHoliday } from '../../core/japanese';
import { candidateRows, rankCandidates } from '../../server/modules/helpers';
import { shippedStructure } from '../../server/modules/org';
import type { Actor } from '../../server/platform/authz';
import { seedMunicipality } from '../../server/seed';
import type { BenchCase } from '../lib';
import { KindStats, type MeasuredRunner } from '../measure';

const HELPERS = Number(process.env.BENCH_HELPERS || 5000);
const REQUESTS = Number(process.env.BENCH_HELP_REQUESTS || 1000);

/** Fills the municipality with people, helpers (patterns, cover) and open requests in a few set-based statements. */
async function populate(db: Awaited<ReturnType<import('../lib').BenchEnvApi['db']>>, m: string): Promise<void> {
  await db.exec(`
    INSERT INTO people (municipality_code, person_id, family_name, given_name, family_name_kana, given_name_kana, birth_date, data_controller, owner_unit_id, name_key, kana_key, search_tokens)
    SELECT '${m}', 'bp-' || g, '架空', '担い手' || g, 'カクウ', 'ニナイテ', DATE '1955-01-01' + (g % 7000), 'council', 'council', '架空担い手' || g, 'カクウニナイテ', '{}'
      FROM generate_series(1, ${HELPERS}) g;
    INSERT INTO helpers (municipality_code, helper_id, person_id, status, source, display_name, owner_unit_id, skills, has_car, has_licence, may_carry_passengers, town_name, lat, lon)
    SELECT '${m}', 'bh-' || g, 'bp-' || g, 'active', 'staff', '架空 担い手' || g, 'council',
           CASE WHEN g % 3 = 0 THEN '{driving,escort}'::text[] ELSE '{conversation}'::text[] END, g % 2 = 0, g % 2 = 0, g % 2 = 0, '',
           34.10 + (g % 97) * 0.002, 131.10 + (g % 89) * 0.003
      FROM generate_series(1, ${HELPERS}) g;
    INSERT INTO helper_weekly_slots (municipality_code, helper_id, weekday, from_minute, to_minute)
    SELECT '${m}', 'bh-' || g, d, 480, 1020 FROM generate_series(1, ${HELPERS}) g CROSS JOIN generate_series(0, 6) d WHERE (g + d) % 3 <> 0;
    INSERT INTO helper_insurance (municipality_code, insurance_id, helper_id, fiscal_year, plan, enrolled_on, covers_from, covers_to)
    SELECT '${m}', 'bi-' || g, 'bh-' || g, 2027, CASE WHEN g % 10 = 0 THEN 'disaster' ELSE 'basic' END, DATE '2027-03-20', DATE '2027-04-01', DATE '2028-03-31'
      FROM generate_series(1, ${HELPERS}) g WHERE g % 5 <> 0;
    INSERT INTO help_requests (municipality_code, request_id, receipt_number, kind, source, requester_label, town_name, lat, lon, starts_at, ends_at, fee_kind, status, owner_unit_id)
    SELECT '${m}', 'br-' || g, 'B' || g, CASE WHEN g % 2 = 0 THEN 'transport_hospital' ELSE 'conversation' END, 'resident', '架空', '',
           34.12 + (g % 61) * 0.003, 131.12 + (g % 53) * 0.004,
           TIMESTAMPTZ '2027-06-07 09:00+09' + (g % 60) * interval '1 day', TIMESTAMPTZ '2027-06-07 11:00+09' + (g % 60) * interval '1 day', 'free', 'open', 'council'
      FROM generate_series(1, ${REQUESTS}) g;
    INSERT INTO help_assignments (municipality_code, assignment_id, request_id, helper_id, owner_unit_id, slot, status, confirmed_by)
    SELECT '${m}', 'ba-' || g, 'br-' || g, 'bh-' || (g * 7 % ${HELPERS} + 1), 'council',
           tstzrange(TIMESTAMPTZ '2027-06-07 09:00+09' + (g % 60) * interval '1 day', TIMESTAMPTZ '2027-06-07 11:00+09' + (g % 60) * interval '1 day'), 'confirmed', 'bench'
      FROM generate_series(1, ${REQUESTS}, 10) g;
    ANALYZE helpers; ANALYZE helper_weekly_slots; ANALYZE helper_insurance; ANALYZE help_assignments; ANALYZE help_requests;
  `);
}

export const helpersRankingCase: BenchCase = {
  name: 'helpers-ranking',
  label: `rank candidates: ${HELPERS.toLocaleString()} helpers, ${REQUESTS.toLocaleString()} open requests (社協 staff)`,
  async setup(env) {
    const db = await env.db();
    const m = `9${String(crypto.randomInt(0, 99999)).padStart(5, '0')}`;
    await seedMunicipality(db, m, { demo: false, demoPassword: 'unused-bench', structure: shippedStructure('352136')! });
    await populate(db, m);
    const actor: Actor = {
      accountId: 'bench', loginId: 'bench', displayName: 'bench', municipalityCode: m, roles: ['council_staff'], permissions: new Set(['helpers.coordinate', 'helpers.read', 'helpers.manage']),
      reach: 'unit', unitIds: ['council'], subtreeUnitIds: ['council'], areaIds: [], stage: 'full', csrfToken: '', isDemo: false, sessionExpiresAt: new Date(Date.now() + 86_400_000),
    };
    const { rows: requests } = await db.query<{ request_id: string; kind: string; starts_at: Date; ends_at: Date; lat: number; lon: number }>(
      'SELECT request_id, kind, starts_at, ends_at, lat, lon FROM help_requests WHERE municipality_code = $1 ORDER BY request_id', [m],
    );
    const stats = new KindStats();
    let next = 0;
    const rank = async () => {
      const r = requests[next++ % requests.length]!;
      const s = japanSlot(r.starts_at.toISOString(), r.ends_at.toISOString())!;
      const rows = await candidateRows(db, actor, {
        ...s, startsAt: r.starts_at.toISOString(), endsAt: r.ends_at.toISOString(), isHoliday: isJapaneseHoliday(s.date), isDisaster: false, districtUnitId: null, personId: null,
      });
      return rankCandidates(rows, { kind: r.kind as never, needs: [], language: '', isDisaster: false, districtName: null, slot: s, locale: 'ja' },
        (x) => (x.lat === null || x.lon === null ? null : straightKm(r, { lat: x.lat, lon: x.lon }) * 1.3), '直線距離×1.3の推定');
    };
    const check = await rank();
    if (check.candidates.length === 0) throw new Error('no candidates ranked: the synthetic data is wrong');
    const runner: MeasuredRunner = {
      run: async () => {
        const t0 = performance.now();
        await rank();
        stats.add('rank', performance.now() - t0);
      },
      rounds: { beginRound: async () => void (stats.recording = true), endRound: async () => void (stats.recording = false) },
      get notes() {
        return [`one operation = candidateRows + rankCandidates of one request; first check: ${check.candidates.length} ranked, ${check.excluded.map((e) => `${e.reason} ${e.count}`).join(', ')}`, ...stats.lines(['rank'])];
      },
    };
    return runner;
  },
};
