import type { Db, Queryable } from './db';

/**
 * A logical copy of every table of the `public` schema from one database to another of the
 * same schema (the embedded folder to PostgreSQL: docs/operations.md "Backup and restore"),
 * and the digest that proves a copy whole: per table its row count and a hash of its rows'
 * text in a fixed order. Plain SQL on both engines, no pg_dump of PGlite needed.
 */

export interface TableDigest {
  rows: number;
  /** md5 of every row's text form, sorted bytewise, one a line (time zone UTC). */
  hash: string;
}

const ident = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** The tables of the public schema (a partitioned table as one), by name. */
export async function publicTables(db: Queryable): Promise<string[]> {
  const { rows } = await db.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition ORDER BY c.relname COLLATE "C"`,
  );
  return rows.map((r) => r.name);
}

/**
 * Row count and content hash of each table (all of them, or those named). The rows' text
 * forms are sorted with the C collation and timestamps printed in UTC, so the same rows give
 * the same hash on PGlite (PostgreSQL 18) and on a PostgreSQL 15 server.
 */
export async function tableDigests(db: Db, only?: readonly string[]): Promise<Map<string, TableDigest>> {
  return db.transaction(async (tx) => {
    await tx.query("SET LOCAL TimeZone = 'UTC'");
    await tx.query("SET LOCAL DateStyle = 'ISO, YMD'");
    await tx.query("SET LOCAL IntervalStyle = 'postgres'");
    await tx.query('SET LOCAL extra_float_digits = 1');
    const out = new Map<string, TableDigest>();
    for (const t of only ?? (await publicTables(tx))) {
      const { rows } = await tx.query<{ n: number; h: string }>(
        `SELECT count(*)::int AS n, md5(coalesce(string_agg(r.line, E'\\n' ORDER BY r.line COLLATE "C"), '')) AS h
           FROM (SELECT x::text AS line FROM ${ident(t)} x) r`,
      );
      out.set(t, { rows: Number(rows[0]?.n ?? 0), hash: rows[0]?.h ?? '' });
    }
    return out;
  });
}

/** The tables whose digests differ (or that one side lacks), with both digests. */
export function digestDifferences(a: ReadonlyMap<string, TableDigest>, b: ReadonlyMap<string, TableDigest>): { table: string; from?: TableDigest; to?: TableDigest }[] {
  const out: { table: string; from?: TableDigest; to?: TableDigest }[] = [];
  for (const t of new Set([...a.keys(), ...b.keys()])) {
    const x = a.get(t);
    const y = b.get(t);
    if (!x || !y || x.rows !== y.rows || x.hash !== y.hash) out.push({ table: t, ...(x ? { from: x } : {}), ...(y ? { to: y } : {}) });
  }
  return out.sort((p, q) => (p.table < q.table ? -1 : 1));
}

interface Column {
  name: string;
  type: string;
}

/** The columns a copy writes: every column but generated ones (the target computes those). */
async function writableColumns(db: Queryable, table: string): Promise<Column[]> {
  const { rows } = await db.query<Column>(
    `SELECT a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type
       FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relname = $1 AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
      ORDER BY a.attnum`,
    [table],
  );
  return rows;
}

/** Rows read and written per statement. */
const BATCH = 1000;

export interface CopyReport {
  tables: number;
  rows: number;
  sequences: number;
}

/**
 * Copies every row of every public table of `source` into `target`, whose schema must be the
 * same (both migrated to the same version) and which must hold no data of its own (the rows
 * its migrations put in are replaced). One transaction on the target: its foreign keys are
 * dropped and re-created (so they are checked once, over the whole copy), its user triggers
 * are off while the rows go in (so derived rows such as search postings are copied, not made
 * twice, and the audit log's append-only triggers never see a write they would refuse), and
 * every sequence is set to the source's value. `source` must not change meanwhile (a stopped
 * folder, or a backup opened in memory). Run it as the target's owner.
 */
export async function copyDatabase(source: Db, target: Db, opts: { onTable?: (table: string, rows: number) => void } = {}): Promise<CopyReport> {
  const tables = await publicTables(source);
  const targetTables = new Set(await publicTables(target));
  const missing = tables.filter((t) => !targetTables.has(t));
  if (missing.length) throw new Error(`the target has no table ${missing.join(', ')}: migrate both to the same version first`);
  const sequences = (await source.query<{ name: string; last_value: string | null; is_called: boolean }>(
    `SELECT sequencename AS name, last_value::text AS last_value, last_value IS NOT NULL AS is_called FROM pg_sequences WHERE schemaname = 'public'`,
  )).rows;
  let copied = 0;
  await target.transaction(async (tx) => {
    const { rows: fks } = await tx.query<{ table: string; name: string; def: string }>(
      `SELECT c.relname AS table, k.conname AS name, pg_get_constraintdef(k.oid) AS def
         FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND k.contype = 'f' ORDER BY c.relname, k.conname`,
    );
    for (const fk of fks) await tx.query(`ALTER TABLE ${ident(fk.table)} DROP CONSTRAINT ${ident(fk.name)}`);
    for (const t of tables) await tx.query(`ALTER TABLE ${ident(t)} DISABLE TRIGGER USER`);
    for (const t of tables) await tx.query(`DELETE FROM ${ident(t)}`);
    for (const t of tables) {
      const cols = await writableColumns(tx, t);
      const list = cols.map((c) => ident(c.name)).join(', ');
      let n = 0;
      let after: string | null = null;
      for (;;) {
        // Keyset over the physical row id: the source does not change during the copy.
        const { rows }: { rows: { tid: string; row: string }[] } = await source.query<{ tid: string; row: string }>(
          `SELECT ctid::text AS tid, json_build_array(${cols.map((c) => `${ident(c.name)}::text`).join(', ')})::text AS row FROM ${ident(t)}
            ${after ? 'WHERE ctid > $1::tid' : ''} ORDER BY ctid LIMIT ${BATCH}`,
          after ? [after] : [],
        );
        if (rows.length === 0) break;
        // Each value travels as its text form and is read back by its column's type.
        const casts = cols.map((c, i) => `(r.v->>${i})::${c.type}`).join(', ');
        await tx.query(
          `INSERT INTO ${ident(t)} (${list}) OVERRIDING SYSTEM VALUE
           SELECT ${casts} FROM json_array_elements($1::json) AS r(v)`,
          [`[${rows.map((r) => r.row).join(',')}]`],
        );
        n += rows.length;
        after = rows.at(-1)!.tid;
        if (rows.length < BATCH) break;
      }
      copied += n;
      opts.onTable?.(t, n);
    }
    for (const s of sequences) {
      if (s.last_value === null) continue;
      await tx.query('SELECT setval($1::regclass, $2::bigint, $3)', [`public.${ident(s.name)}`, s.last_value, s.is_called]);
    }
    for (const t of tables) await tx.query(`ALTER TABLE ${ident(t)} ENABLE TRIGGER USER`);
    for (const fk of fks) await tx.query(`ALTER TABLE ${ident(fk.table)} ADD CONSTRAINT ${ident(fk.name)} ${fk.def}`);
  });
  return { tables: tables.length, rows: copied, sequences: sequences.length };
}
