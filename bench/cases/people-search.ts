/**
 * The people search box over a municipality of 1,000,000 synthetic residents (people-data.ts):
 * the real search SQL (search.repo.ts `buildPeopleSearchSql`, first page of 20 with the
 * total) as a CSW of the 美祢 centre sees it — visibleTo over the centre's subtree — beside the
 * same statement unscoped (a city-wide actor: the tenant condition alone), sent straight to
 * the database. The ratio is what the row filter costs.
 */
import { buildPeopleSearchSql, classifyQuery } from '../../server/modules/people';
import type { Actor } from '../../server/platform/authz';
import type { BenchCase } from '../lib';
import { benchPopulation, cityWide, cswOfMine } from './people-data';

interface Query {
  key: string;
  q: string;
  what: string;
  /** A name every answer must contain after folding (checked once before the load). */
  expect: RegExp;
}

const QUERIES: readonly Query[] = [
  { key: 'kanji', q: '田中', what: 'kanji 田中', expect: /田中/ },
  { key: 'kana', q: 'たなか', what: 'kana たなか', expect: /タナカ/ },
  { key: 'variant', q: '髙橋', what: 'variant 髙橋 → 高橋', expect: /[高髙]橋/ },
  { key: 'short', q: '和子', what: 'given name 和子 (inside the name)', expect: /和子/ },
  { key: 'fullname', q: '田中 和子', what: 'full name 田中 和子', expect: /田中和子/ },
];

interface Hit {
  family_name: string;
  given_name: string;
  family_name_kana: string;
  given_name_kana: string;
  owner_unit_id: string;
  total: number;
}

function searchCase(query: Query, scoped: boolean): BenchCase {
  const name = `people-search-${query.key}${scoped ? '' : '-raw'}`;
  return {
    name,
    label: scoped ? `search ${query.what}, CSW of 美祢 (visibleTo), 1M people` : `search ${query.what}, unscoped SQL (baseline)`,
    ...(scoped ? { compareTo: [`people-search-${query.key}-raw`] } : {}),
    async setup(env) {
      const { db, people } = await benchPopulation(env);
      const csw = await cswOfMine(db);
      const actor: Actor = scoped ? csw : cityWide(csw);
      const kind = classifyQuery(query.q);
      if (kind.kind === 'invalid_date') throw new Error('query read as a date');
      const built = buildPeopleSearchSql(actor, kind, { limit: 20, offset: 0 });
      const { rows } = await db.query<Hit>(built.sql, built.params);
      if (rows.length === 0) throw new Error(`no match for ${query.q}`);
      for (const r of rows) {
        if (!query.expect.test(r.family_name + r.given_name + r.family_name_kana + r.given_name_kana)) throw new Error(`unexpected hit ${r.family_name} ${r.given_name}`);
        if (scoped && !csw.subtreeUnitIds.includes(r.owner_unit_id)) throw new Error(`a CSW of 美祢 got a person of ${r.owner_unit_id}`);
      }
      return {
        run: async () => {
          const res = await db.query<Hit>(built.sql, built.params);
          if (res.rows.length === 0) throw new Error('no rows');
        },
        notes: [`${query.q}: ${Number(rows[0]?.total).toLocaleString()} matches of ${people.toLocaleString()} people${scoped ? ' within the CSW\'s reach' : ''}; one operation = first page of 20 with the total`],
      };
    },
  };
}

/** Scoped search cases and their unscoped baselines, baselines first. */
export const peopleSearchCases: readonly BenchCase[] = QUERIES.flatMap((q) => [searchCase(q, false), searchCase(q, true)]);
