import { parse } from 'csv-parse/sync';
import type { z } from 'zod';
import { EVACUATION_LABELS, type JukiDiffResult, JukiChange } from '../../../core/contracts/evacuation';
import { SqlParams } from '../../platform/authz';
import { decodeCp932 } from '../../platform/cp932';
import { invalidField } from '../../platform/errors';
import { listRecords, recordAccess } from '../../platform/gate';
import type { RequestContext } from '../../platform/http';
import { REGISTRANT, REGISTRANT_FROM, REGISTRANT_SELECT } from './evacuation.policy';
import type { RegistrantRow } from './registrants.repo';

type Out<T extends z.ZodType> = z.input<T>;
type Change = z.infer<typeof JukiChange>;

/** The words a 住基 system writes for each 異動事由. */
const CHANGE_WORDS: Readonly<Record<string, Change>> = { 転出: 'moved_out', 死亡: 'died', 施設入所: 'entered_facility', moved_out: 'moved_out', died: 'died', entered_facility: 'entered_facility' };

/** The file's text: UTF-8 (a BOM is dropped) when it decodes as such, else CP932 (the usual export of a 住基 system). */
function decode(buf: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(buf).replace(/^\uFEFF/, '');
  } catch {
    return decodeCp932(buf);
  }
}

interface DiffLine {
  line: number;
  registerId: string;
  change: Change;
  changedOn: string;
}

/** The rows of the file (宛名番号,異動事由,異動日 with a header line); what cannot be read is named by line. */
export function parseJukiDiff(text: string): { lines: DiffLine[]; problems: { line: number; message: string }[] } {
  let records: string[][];
  try {
    records = parse(text, { relax_column_count: true, skip_empty_lines: true, trim: true }) as string[][];
  } catch {
    throw invalidField(['fileBase64'], 'not_csv', 'not a CSV file');
  }
  const header = records[0] ?? [];
  if (header[0] !== '宛名番号' || header[1] !== '異動事由' || header[2] !== '異動日') throw invalidField(['fileBase64'], 'header', 'the first line must be 宛名番号,異動事由,異動日');
  const lines: DiffLine[] = [];
  const problems: { line: number; message: string }[] = [];
  records.slice(1).forEach((r, i) => {
    const line = i + 2;
    const change = CHANGE_WORDS[r[1] ?? ''];
    const changedOn = (r[2] ?? '').replace(/\//g, '-');
    if (!r[0]) problems.push({ line, message: '宛名番号がありません' });
    else if (!change) problems.push({ line, message: `異動事由「${r[1] ?? ''}」は転出・死亡・施設入所のいずれでもありません` });
    else if (!/^\d{4}-\d{2}-\d{2}$/.test(changedOn)) problems.push({ line, message: `異動日「${r[2] ?? ''}」が日付ではありません` });
    else lines.push({ line, registerId: r[0], change, changedOn });
  });
  return { lines, problems };
}

/**
 * Reads a 住基 difference file and answers the registry updates it raises, for a holder to review
 * and apply (each a `PATCH` with the version shown): a registrant who moved out, died or entered a
 * facility is proposed for removal with the reason and day. Nothing is changed here; the audit row
 * names the registrants matched.
 */
export async function reviewJukiDiff(ctx: RequestContext, fileBase64: string): Promise<Out<typeof JukiDiffResult>> {
  const { lines, problems } = parseJukiDiff(decode(Buffer.from(fileBase64, 'base64')));
  return listRecords(ctx, REGISTRANT, 'evacuation_registrant.juki_reviewed', async (tx) => {
    const p = new SqlParams();
    const access = recordAccess(ctx.actor, REGISTRANT, p);
    const { rows } = await tx.query<RegistrantRow & { register_id: string }>(
      `SELECT ${REGISTRANT_SELECT}, p.register_id, ${access.level} AS access FROM ${REGISTRANT_FROM}
        WHERE ${access.any} AND r.status = 'active' AND p.register_id = ANY(${p.p(lines.map((l) => l.registerId))}::text[])`,
      p.values,
    );
    const byRegister = new Map(rows.map((r) => [r.register_id, r]));
    const updates = lines.flatMap((l) => {
      const r = byRegister.get(l.registerId);
      if (!r) return [];
      return [{
        line: l.line, registerId: l.registerId, change: l.change, changedOn: l.changedOn, registrantId: r.registrant_id, name: r.name, districtName: r.district_name, version: r.version,
        proposed: { status: 'removed' as const, statusReason: `住基異動：${EVACUATION_LABELS.jukiChange[l.change][0]}（${l.changedOn}）` },
      }];
    });
    return { rows, details: { lines: lines.length, problems: problems.length }, value: { rows: lines.length + problems.length, updates, notOnRegistry: lines.length - updates.length, problems } };
  });
}
