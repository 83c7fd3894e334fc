import type { z } from 'zod';
import type { Insurance, InsuranceCreate } from '../../../core/contracts/helpers';
import { coverPeriod, fiscalYearOf } from '../../../core/helpers/slots';
import { clockNow } from '../../platform/clock';
import type { Db } from '../../platform/db';
import { AppError, invalidField } from '../../platform/errors';
import { withRecord } from '../../platform/gate';
import type { RequestContext } from '../../platform/http';
import { notifyAccount, notifyUnits } from '../notifications';
import { HELPER } from './helpers.policy';
import { presentInsurance } from './helpers.present';
import type { HelperRow } from './helpers.repo';
import * as irepo from './insurance.repo';

/**
 * ボランティア活動保険 by 年度: an enrolment covers from the day after it was made (or from 4月1日
 * when made in advance) to 3月31日. Matching and assignments ask `findCover` for the slot's date;
 * disaster work needs the 天災 plan. Each March the renewal job reminds helpers and their council.
 */

const todayJst = () => new Date(clockNow() + 9 * 3600_000).toISOString().slice(0, 10);

/** Records an enrolment for a helper: the cover period follows from the date and the 年度. */
export function enrolInsurance(ctx: RequestContext, helperId: string, input: z.output<typeof InsuranceCreate>) {
  const m = ctx.actor.municipalityCode;
  return withRecord<HelperRow, z.input<typeof Insurance>>(
    ctx, HELPER, helperId, { action: 'helper.insurance_enrolled', allow: ['reach'], forUpdate: true },
    async (tx, r, note) => {
      if (r.status === 'pending') throw new AppError('helper_not_reviewed', 409);
      const today = todayJst();
      const enrolledOn = input.enrolledOn ?? today;
      if (enrolledOn > today) throw invalidField(['enrolledOn'], 'future', 'an enrolment date cannot be in the future');
      const fy = input.fiscalYear ?? fiscalYearOf(enrolledOn);
      if (fy < fiscalYearOf(enrolledOn) || fy > fiscalYearOf(enrolledOn) + 1) throw invalidField(['fiscalYear'], 'range', 'the year of the enrolment or the next one');
      const cover = coverPeriod(enrolledOn, fy);
      if (!cover) throw invalidField(['fiscalYear'], 'ended', 'that fiscal year has ended');
      let id: string;
      try {
        id = await irepo.insertInsurance(tx, m, { helperId, fiscalYear: fy, plan: input.plan, enrolledOn, coversFrom: cover.from, coversTo: cover.to, policyNote: input.policyNote ?? '', by: ctx.actor.accountId });
      } catch (err) {
        if ((err as { code?: string }).code === '23505') throw new AppError('duplicate', 409, [{ path: ['plan'], code: 'duplicate', message: 'already enrolled in this plan for that year' }]);
        throw err;
      }
      note.details = { insuranceId: id, fiscalYear: fy, plan: input.plan, coversFrom: cover.from, coversTo: cover.to };
      return presentInsurance((await irepo.listInsurance(tx, m, helperId)).find((i) => i.insurance_id === id)!);
    },
  );
}

/**
 * The March job: in 3月 (Japan time), each active helper whose cover ends on 3月31日 and who has
 * not enrolled for the next 年度 is reminded once (their own notice, if they sign in), and their
 * council gets one notice per run with how many. Notices carry no names. Returns how many were reminded.
 */
export async function remindInsuranceRenewals(db: Db): Promise<number> {
  const today = todayJst();
  if (today.slice(5, 7) !== '03') return 0;
  const fy = fiscalYearOf(today);
  return db.transaction(async (tx) => {
    const due = await irepo.claimRenewalReminders(tx, fy);
    const byUnit = new Map<string, { m: string; unit: string; n: number }>();
    for (const d of due) {
      if (d.account_id) {
        await notifyAccount(tx, d.municipality_code, d.account_id, {
          kind: 'helper.insurance_renewal', subjectType: 'helper', subjectId: d.helper_id, title: 'ボランティア保険は3月31日で終わります。4月からの活動には更新の手続きをお願いします',
        });
      }
      const key = `${d.municipality_code}|${d.owner_unit_id}`;
      const entry = byUnit.get(key) ?? { m: d.municipality_code, unit: d.owner_unit_id, n: 0 };
      entry.n++;
      byUnit.set(key, entry);
    }
    for (const u of byUnit.values()) {
      await notifyUnits(tx, u.m, [u.unit], {
        kind: 'helper.insurance_renewal', subjectType: 'helper_insurance', subjectId: `fy${fy + 1}`, title: `ボランティア保険の更新が必要な担い手が${u.n}人います（${fy + 1}年度）`,
      });
    }
    return due.length;
  });
}
