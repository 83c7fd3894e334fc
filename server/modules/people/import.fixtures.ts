import iconv from 'iconv-lite';
import { expect } from 'vitest';
import type { ImportJob } from '../../../core/contracts/people-import';
import { registerRoutes } from '../../platform/http';
import type { Agent, TestTenant } from '../../test/harness';
import { peopleExportRoutes } from './export.routes';
import { acceptRegisterFiles, peopleImportRoutes } from './import.routes';

/** Test support for register imports and exports (int tests only: it uses vitest's expect). */

export const REGISTER_HEADER = ['宛名番号', '世帯番号', '氏', '名', '氏カナ', '名カナ', '通称', '生年月日', '性別', '郵便番号', '住所', '電話番号', '続柄', '異動事由', '異動日'];

/** One register row by header; unspecified columns are empty. */
export function registerRow(values: Record<string, string>): string[] {
  return REGISTER_HEADER.map((h) => values[h] ?? '');
}

const quote = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/** A register file as municipal systems write it: CRLF, CP932 (or UTF-8 with a BOM). */
export function registerFile(rows: string[][], encoding: 'cp932' | 'utf8' = 'cp932', header = REGISTER_HEADER): Buffer {
  const text = [header, ...rows].map((r) => r.map(quote).join(',')).join('\r\n') + '\r\n';
  return encoding === 'cp932' ? iconv.encode(text, 'cp932') : Buffer.from(`\uFEFF${text}`, 'utf8');
}

/**
 * Makes sure the import and export routes are on the tenant's app. Once app.ts registers
 * them (see docs/register-import.md) this does nothing.
 */
export function wireImportRoutes(t: TestTenant): void {
  if (t.app.hasRoute({ method: 'POST', url: '/api/people/imports' })) return;
  acceptRegisterFiles(t.app);
  registerRoutes(t.app, peopleImportRoutes, t.db);
  registerRoutes(t.app, peopleExportRoutes, t.db);
}

/** Uploads a file for analysis. */
export function upload(agent: Agent, file: Buffer, query = 'fileName=register.csv') {
  return agent.post(`/api/people/imports?${query}`, file, { 'content-type': 'application/octet-stream' });
}

/** Polls an import until it is no longer applying (the apply runs after the request answers). */
export async function waitForApply(agent: Agent, importId: string): Promise<ImportJob> {
  for (let i = 0; i < 600; i++) {
    const res = await agent.get(`/api/people/imports/${importId}?problemsLimit=0`);
    const job = res.json() as ImportJob;
    if (job.status !== 'applying') return job;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`import ${importId} is still applying`);
}

/** Analyses and applies a file as `agent`, returning the finished job. */
export async function importFile(agent: Agent, file: Buffer, excludeLines: number[] = []): Promise<ImportJob> {
  const res = await upload(agent, file);
  expect(res.statusCode, res.body).toBe(201);
  const job = res.json() as ImportJob;
  const apply = await agent.post(`/api/people/imports/${job.id}/apply`, { excludeLines });
  expect(apply.statusCode, apply.body).toBe(200);
  const done = await waitForApply(agent, job.id);
  expect(done.status).toBe('applied');
  return done;
}
