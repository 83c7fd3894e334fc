/**
 * Register import throughput: one operation brings ROWS new residents in.
 *   people-import      a CP932 register file through the import service, as the web and the
 *                      CLI run it: decode, parse and check every row, look up existing people,
 *                      store the analysis, then apply (households, people, history rows, row
 *                      marks, progress, one audit row per batch)
 *   people-import-raw  the same people as one multi-row INSERT (unnest) with their keys
 *                      already computed: the least the database must do to store them
 *   people-import-audit-each  people-import plus one audit row per person, the alternative
 *                      to one audit row per batch (docs/register-import.md, "Audit")
 * rows/s = operations/s × ROWS. They write into the run's throwaway municipality (bench/env.ts),
 * beside the synthetic million of people-data.ts when it is there, so the name index is big.
 */
import iconv from 'iconv-lite';
import { analyseRegister, applyImport, personKeys } from '../../server/modules/people';
import { appendAudit } from '../../server/platform/audit';
import type { Db } from '../../server/platform/db';
import type { RequestContext } from '../../server/platform/http';
import { actorForLogin, cliContext } from '../../server/cli/actor';
import { type SyntheticPerson, SyntheticRegister } from '../../server/synthetic/generator';
import type { BenchCase, BenchEnvApi } from '../lib';
import { benchPopulation } from './people-data';

export const ROWS = 2000;
const HEADER = '宛名番号,世帯番号,氏,名,氏カナ,名カナ,生年月日,性別,郵便番号,住所,電話番号,続柄';

let sequence = 0;
/** ROWS fresh synthetic people with register IDs no other operation of this run uses. */
function nextPeople(register: SyntheticRegister, tag: string): SyntheticPerson[] {
  const n = ++sequence;
  return register.take(ROWS).map((p, i) => ({ ...p, registerId: `${tag}${Date.now().toString(36)}${n}x${i}`, registerHouseholdId: `${tag}H${n}x${p.registerHouseholdId}` }));
}

function csvOf(people: readonly SyntheticPerson[]): Buffer {
  const lines = people.map((p) => [p.registerId, p.registerHouseholdId, p.familyName, p.givenName, p.familyNameKana, p.givenNameKana, p.birthDate, p.sex === 'male' ? '1' : '2', p.postalCode, p.address, p.phone, p.relation].join(','));
  return iconv.encode(`${HEADER}\r\n${lines.join('\r\n')}\r\n`, 'cp932');
}

async function importContext(env: BenchEnvApi): Promise<{ db: Db; ctx: RequestContext; m: string }> {
  await benchPopulation(env); // the million first, so the index is the size it would be
  const app = await env.app();
  const db = await env.db();
  const ctx = cliContext(db, await actorForLogin(db, app.municipalityCode, 'city-admin'));
  return { db, ctx, m: app.municipalityCode };
}

async function importOnce(ctx: RequestContext, people: readonly SyntheticPerson[]): Promise<void> {
  const job = await analyseRegister(ctx, csvOf(people), { fileName: 'bench.csv', encoding: 'cp932' });
  if (job.counts.new !== ROWS) throw new Error(`analysis found ${job.counts.new} new rows, expected ${ROWS}: ${JSON.stringify(job.problems.slice(0, 3))}`);
  const done = await applyImport(ctx, job.id, []);
  if (done.applied?.new !== ROWS) throw new Error(`applied ${done.applied?.new} rows`);
}

export const peopleImport: BenchCase = {
  name: 'people-import',
  label: `register import of ${ROWS} new people (CP932 file → analyse → apply)`,
  compareTo: ['people-import-raw'],
  async setup(env) {
    const { ctx } = await importContext(env);
    const register = new SyntheticRegister(1001);
    await importOnce(ctx, nextPeople(register, 'BI'));
    return { run: () => importOnce(ctx, nextPeople(register, 'BI')), notes: [`one operation = ${ROWS} rows; rows/s = req/s × ${ROWS}`] };
  },
};

export const peopleImportAuditEach: BenchCase = {
  name: 'people-import-audit-each',
  label: `register import of ${ROWS} people + one audit row per person`,
  compareTo: ['people-import'],
  async setup(env) {
    const { ctx, db, m } = await importContext(env);
    const register = new SyntheticRegister(1002);
    const run = async () => {
      await importOnce(ctx, nextPeople(register, 'BA'));
      await db.transaction(async (tx) => {
        for (let i = 0; i < ROWS; i++) {
          await appendAudit(tx, { municipalityCode: m, actorAccountId: ctx.actor.accountId, actorLoginId: ctx.actor.loginId, action: 'person.imported', subjectType: 'person', subjectId: `bench-${i}`, outcome: 'allowed' });
        }
      });
    };
    await run();
    return { run };
  },
};

export const peopleImportRaw: BenchCase = {
  name: 'people-import-raw',
  label: `raw multi-row INSERT of the same ${ROWS} people (baseline)`,
  async setup(env) {
    const { db, m } = await importContext(env);
    const register = new SyntheticRegister(1003);
    const place = { prefectureJa: '山口県', municipalityJa: '美祢市' };
    const insert = async (people: readonly SyntheticPerson[]) => {
      const keys = people.map((p) => personKeys(p, place));
      const col = (f: (p: SyntheticPerson, i: number) => unknown) => people.map(f);
      await db.query(
        `INSERT INTO people (municipality_code, person_id, register_id, family_name, given_name, family_name_kana, given_name_kana, birth_date, sex,
           postal_code, address_raw, address_normalised, phone, phone_digits, household_relation, data_controller, owner_unit_id, name_key, kana_key,
           alias_key, search_tokens)
         SELECT $1, gen_random_uuid()::text, u.r, u.f, u.g, u.fk, u.gk, u.b::date, u.s, u.pc, u.a, u.an, u.ph, u.pd, u.rel, 'city', 'district-omine',
           u.nk, u.kk, '', string_to_array(u.t, ',')
           FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[],
                       $12::text[], $13::text[], $14::text[], $15::text[], $16::text[], $17::text[])
             AS u(r, f, g, fk, gk, b, s, pc, a, an, ph, pd, rel, nk, kk, t)`,
        [
          m, col((p) => p.registerId), col((p) => p.familyName), col((p) => p.givenName), col((p) => p.familyNameKana), col((p) => p.givenNameKana),
          col((p) => p.birthDate), col((p) => p.sex), col((p) => p.postalCode), col((p) => p.address), col((_, i) => keys[i]?.address_normalised),
          col((p) => p.phone), col((_, i) => keys[i]?.phone_digits), col((p) => p.relation), col((_, i) => keys[i]?.name_key),
          col((_, i) => keys[i]?.kana_key), col((_, i) => keys[i]?.search_tokens.join(',')),
        ],
      );
    };
    await insert(nextPeople(register, 'BR'));
    return { run: () => insert(nextPeople(register, 'BR')) };
  },
};

export const peopleImportCases: readonly BenchCase[] = [peopleImportRaw, peopleImport, peopleImportAuditEach];
