import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authenticate } from '../modules/accounts';
import { accountIdOf, ownerDb } from '../test/factories';
import { type TestTenant, testTenant } from '../test/harness';
import { type Actor, SqlParams, type VisibilityColumns, visibleTo } from './authz';

// A scratch table shaped like a personal-data table, to run visibleTo's SQL against real rows
// and real actors loaded from sessions. A real table (not TEMP): pooled connections do not share TEMP tables.
const table = `scratch_${crypto.randomBytes(4).toString('hex')}`;
const COLS: VisibilityColumns = { alias: 's', recordType: table, idColumn: 'record_id', ownerUnitColumn: 'owner_unit_id', areaColumn: 'area_id', accountColumns: ['created_by'] };

let t: TestTenant;
let other: TestTenant;
let owner: ReturnType<typeof ownerDb>;

/** Rows of both tenants: [record id, owner unit, area, created by login]. */
const ROWS: [string, string, string | null, string | null][] = [
  ['omine-zone1', 'district-omine', 'zone-omine-1', null],
  ['omine-zone2', 'district-omine', 'zone-omine-2', null],
  ['omine-by-commissioner', 'district-omine', null, 'commissioner-omine'],
  ['isa', 'district-isa', 'zone-isa-1', null],
  ['mito', 'district-mito', null, null],
  ['hub', 'hub', null, null],
  ['mito-granted', 'district-mito', null, null],
  ['mito-grant-expired', 'district-mito', null, null],
  ['mito-grant-not-yet', 'district-mito', null, null],
];
const ALL_OF_A = ROWS.map((r) => r[0]).sort();

beforeAll(async () => {
  t = await testTenant();
  other = await testTenant();
  owner = ownerDb(t);
  await owner.db.exec(`CREATE TABLE ${table} (municipality_code text NOT NULL, record_id text NOT NULL, owner_unit_id text, area_id text, created_by text,
    PRIMARY KEY (municipality_code, record_id))`);
  if (owner.separate) await owner.db.exec(`GRANT SELECT, INSERT ON ${table} TO ${decodeURIComponent(new URL(process.env.TEST_DATABASE_URL!).username)}`);
  for (const tenant of [t, other]) {
    for (const [id, unit, area, by] of ROWS) {
      const createdBy = by ? await accountIdOf(tenant, by) : null;
      await t.db.query(`INSERT INTO ${table} VALUES ($1, $2, $3, $4, $5)`, [tenant.m, id, unit, area, createdBy]);
    }
  }
  const agency = await accountIdOf(t, 'agency-houkatsu');
  const grant = (recordId: string, starts: string, ends: string) =>
    t.db.query(
      `INSERT INTO record_grants (municipality_code, grant_id, record_type, record_id, account_id, reason, granted_by, starts_at, ends_at)
       VALUES ($1, $2, $3, $4, $5, 'referral', 'test', now() + $6::interval, now() + $7::interval)`,
      [t.m, crypto.randomUUID(), table, recordId, agency, starts, ends],
    );
  await grant('mito-granted', '-1 hour', '1 hour');
  await grant('mito-grant-expired', '-2 hours', '-1 second');
  await grant('mito-grant-not-yet', '1 hour', '2 hours');
});
afterAll(async () => {
  await owner.db.exec(`DROP TABLE IF EXISTS ${table}`);
  await owner.close();
  await t.close();
  await other.close();
});

/** The real actor of a signed-in demo account, loaded the way every request loads it. */
async function actorOf(tenant: TestTenant, loginId: string): Promise<Actor> {
  const agent = await tenant.login(loginId);
  const actor = await authenticate({ db: tenant.db, config: tenant.config }, agent.sessionCookie);
  if (!actor || actor === 'expired') throw new Error(`no actor for ${loginId}`);
  return actor;
}

/** What the actor sees of the scratch table, across both tenants; rows of the second are marked `B:`. */
async function visible(actor: Actor): Promise<string[]> {
  const sql = new SqlParams();
  const where = visibleTo(actor, COLS, sql);
  const { rows } = await t.db.query<{ m: string; id: string }>(`SELECT municipality_code AS m, record_id AS id FROM ${table} s WHERE ${where} ORDER BY record_id`, sql.values);
  return rows.map((r) => (r.m === t.m ? r.id : `B:${r.id}`));
}

describe('visibleTo on real rows: records owned by 大嶺 (district-omine)', () => {
  it('a CSW of 美祢 (subtree of centre-mine) sees everything under the 美祢 centre, 大嶺 and 伊佐 included', async () => {
    expect(await visible(await actorOf(t, 'csw-mine'))).toEqual(['isa', 'omine-by-commissioner', 'omine-zone1', 'omine-zone2']);
  });

  it('a CSW of 美東 sees none of 大嶺, only 美東', async () => {
    const seen = await visible(await actorOf(t, 'csw-mito'));
    expect(seen.filter((id) => id.startsWith('omine'))).toEqual([]);
    expect(seen).toEqual(['mito', 'mito-grant-expired', 'mito-grant-not-yet', 'mito-granted']);
  });

  it('the 大嶺 district council (unit reach) sees its own rows, and the 伊佐 council does not', async () => {
    expect(await visible(await actorOf(t, 'district-omine'))).toEqual(['omine-by-commissioner', 'omine-zone1', 'omine-zone2']);
    expect(await visible(await actorOf(t, 'district-isa'))).toEqual(['isa']);
  });

  it('a 民生委員 of 大嶺 (own reach) sees only rows in zone-omine-1 or raised by themself — not the rest of 大嶺', async () => {
    const commissioner = await actorOf(t, 'commissioner-omine');
    expect(commissioner.reach).toBe('own');
    expect(commissioner.areaIds).toEqual(['zone-omine-1']);
    expect(await visible(commissioner)).toEqual(['omine-by-commissioner', 'omine-zone1']);
  });

  it('the coordinator (municipality reach) sees every row of the municipality and none of another municipality', async () => {
    expect(await visible(await actorOf(t, 'coordinator'))).toEqual(ALL_OF_A);
    const otherCoordinator = await actorOf(other, 'coordinator');
    expect(await visible(otherCoordinator)).toEqual(ALL_OF_A.map((id) => `B:${id}`));
  });

  it('an agency sees nothing by reach; an unexpired grant opens exactly one row, an expired or future one does not', async () => {
    const agency = await actorOf(t, 'agency-houkatsu');
    expect(agency.reach).toBe('own');
    expect(await visible(agency)).toEqual(['mito-granted']);
  });

  it("a grant never crosses municipalities: the same record id in the other municipality stays hidden", async () => {
    const agency = await actorOf(t, 'agency-houkatsu');
    const sql = new SqlParams();
    const { rows } = await t.db.query<{ m: string }>(
      `SELECT municipality_code AS m FROM ${table} s WHERE record_id = 'mito-granted' AND ${visibleTo(agency, COLS, sql)}`,
      sql.values,
    );
    expect(rows.map((r) => r.m)).toEqual([t.m]);
  });
});
