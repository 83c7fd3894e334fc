/**
 * The people search box over a municipality of synthetic residents (people-data.ts: 1,000,000
 * on PostgreSQL): one operation is what the service runs for a first page of 20 with its
 * capped count (search.repo.ts `searchPeople`: the walk over the postings, the count, and the
 * recheck of inside matches when it is needed), as a CSW of the 美祢 centre — one index range
 * per unit of the centre's subtree plus the rows beyond it through visibleTo — beside the same
 * call by a city-wide actor (every unit of the municipality, no rows beyond), sent straight to
 * the database. The ratio is what the reach costs.
 */
import { classifyQuery, searchPeople } from '../../server/modules/people';
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
  { key: 'short', q: '和子', what: 'given name 和子', expect: /和子/ },
  { key: 'fullname', q: '田中 和子', what: 'full name 田中 和子', expect: /田中和子/ },
];

const PAGE = 20;

function searchCase(query: Query, scoped: boolean): BenchCase {
  const name = `people-search-${query.key}${scoped ? '' : '-raw'}`;
  return {
    name,
    label: scoped ? `search ${query.what}, CSW of 美祢 (walk per unit in reach)` : `search ${query.what}, city-wide actor (baseline)`,
    ...(scoped ? { compareTo: [`people-search-${query.key}-raw`] } : {}),
    async setup(env) {
      const { db, people } = await benchPopulation(env);
      const csw = await cswOfMine(db);
      const actor: Actor = scoped ? csw : cityWide(csw);
      const kind = classifyQuery(query.q);
      if (kind.kind === 'invalid_date') throw new Error('query read as a date');
      const first = await searchPeople(db, actor, kind, { limit: PAGE });
      if (first.items.length === 0) throw new Error(`no match for ${query.q}`);
      for (const r of first.items) {
        if (!query.expect.test(r.familyName + r.givenName + r.familyNameKana + r.givenNameKana)) throw new Error(`unexpected hit ${r.familyName} ${r.givenName}`);
        if (scoped && !csw.subtreeUnitIds.includes(r.ownerUnitId)) throw new Error(`a CSW of 美祢 got a person of ${r.ownerUnitId}`);
      }
      const total = `${first.total.toLocaleString()}${first.totalIsLowerBound ? '+' : ''}`;
      return {
        run: async () => {
          const res = await searchPeople(db, actor, kind, { limit: PAGE });
          if (res.items.length === 0) throw new Error('no rows');
        },
        notes: [`${query.q}: ${total} matches (counted up to the cap) of ${people.toLocaleString()} people${scoped ? " within the CSW's reach" : ''}; one operation = first page of ${PAGE} with the count`],
      };
    },
  };
}

/** Scoped search cases and their unscoped baselines, baselines first. */
export const peopleSearchCases: readonly BenchCase[] = QUERIES.flatMap((q) => [searchCase(q, false), searchCase(q, true)]);
