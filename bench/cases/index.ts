import type { BenchCase } from '../lib';
import { auditAppendCases } from './audit-append';
import { bare } from './bare';
import { evacuationCases } from './evacuation';
import { health } from './health';
import { helpersRankingCase } from './helpers';
import { me } from './me';
import { peopleImportCases } from './people-import';
import { peopleSearchCases } from './people-search';
import { sql } from './sql';
import { start } from './start';
import { twoProcessCases } from './two-process';
import { watchCases } from './watch';

/**
 * Every case, baselines first; `npm run bench` runs them in this order. A new case: one file
 * in this folder exporting a BenchCase, and one line here.
 */
export const CASES: readonly BenchCase[] = [bare, sql, me, health, start, ...auditAppendCases];

/**
 * Cases that run only when named, because their first run on PostgreSQL generates 1,000,000
 * synthetic people (about 4 minutes): `npm run bench -- people` runs them all.
 */
export const OPT_IN_CASES: readonly BenchCase[] = [...peopleSearchCases, ...peopleImportCases, helpersRankingCase, ...twoProcessCases, ...evacuationCases];

/** Names that stand for several cases. */
export const CASE_GROUPS: Readonly<Record<string, readonly string[]>> = {
  people: [...peopleSearchCases, ...peopleImportCases].map((c) => c.name),
  // Candidate ranking over 5,000 helpers and 1,000 requests (docs/helpers.md, docs/bench.md).
  helpers: [helpersRankingCase.name],
  'people-search': peopleSearchCases.map((c) => c.name),
  audit: auditAppendCases.map((c) => c.name),
  watch: watchCases.map((c) => c.name),
  // Two app processes behind one PostgreSQL against one (docs/bench.md "Two app processes"; PostgreSQL only).
  'two-process': twoProcessCases.map((c) => c.name),
  // The P4 roll-call: 50,000 registrants, 2,000 supporters, the server as its own process, a kill -9 (docs/bench.md).
  evacuation: evacuationCases.map((c) => c.name),
};
