import type { BenchCase } from '../lib';
import { bare } from './bare';
import { health } from './health';
import { me } from './me';
import { sql } from './sql';

/**
 * Every case, baselines first; `npm run bench` runs them in this order. A new case: one file
 * in this folder exporting a BenchCase, and one line here.
 */
export const CASES: readonly BenchCase[] = [bare, sql, me, health];
