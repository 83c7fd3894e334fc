import type { z } from 'zod';
import type { Ladder } from '../../../core/contracts/watch';
import { appendAudit } from '../../platform/audit';
import { clockDate } from '../../platform/clock';
import type { Db, Queryable } from '../../platform/db';
import type { RequestContext } from '../../platform/http';
import { notifyAccount, notifyUnits } from '../notifications';
import { tierTree, type TierTree } from '../org';
import * as lrepo from './ladder.repo';
import { checkLadder, DEFAULT_LADDER, type LadderRung, stepsDue } from './watch.policy';

/** A new municipality's ladder, and nothing when it has one (every boot). */
export async function ensureWatchDefaults(tx: Queryable, m: string): Promise<void> {
  await lrepo.ensureLadder(tx, m, DEFAULT_LADDER);
}

export async function getLadder(ctx: RequestContext): Promise<z.input<typeof Ladder>> {
  const rows = await lrepo.listLadder(ctx.db, ctx.actor.municipalityCode);
  return { steps: rows.map((r) => ({ ladderKind: r.ladder_kind as never, step: r.step, daysOverdue: r.days_overdue, target: r.target })) };
}

/** Replaces the ladder (data, issue #11 §5) and re-times every active plan's next alert by it. */
export async function putLadder(ctx: RequestContext, input: z.output<typeof Ladder>): Promise<z.input<typeof Ladder>> {
  checkLadder(input.steps);
  const m = ctx.actor.municipalityCode;
  await ctx.db.transaction(async (tx) => {
    await lrepo.replaceLadder(tx, m, input.steps);
    await lrepo.retimeAlerts(tx, m, 'all');
    await ctx.audit(tx, { action: 'watch_ladder.replaced', subjectType: 'municipality', subjectId: m, details: { steps: input.steps } });
  });
  return getLadder(ctx);
}

/** Where a step's alert goes: the watcher's account (the district when the watcher has none), the district council, or the area centre (its CSW). */
function targetOf(rung: LadderRung, plan: lrepo.DuePlanRow, tree: TierTree): { unitId: string | null; accountId: string | null } {
  if (rung.target === 'watcher' && plan.watcher_account_id) return { unitId: null, accountId: plan.watcher_account_id };
  if (rung.target === 'area_csw') return { unitId: tree.nearest(plan.district_unit_id, 'area')?.id ?? plan.district_unit_id, accountId: null };
  return { unitId: plan.district_unit_id, accountId: null };
}

const TITLES: Record<LadderRung['target'], string> = {
  watcher: '見守りの連絡予定日を過ぎています',
  district: '見守りの連絡が途絶えています（地区社協へ）',
  area_csw: '見守りの連絡が途絶えています（地域福祉センターへ）',
};

/**
 * The overdue ladder (issue #11 §5), a job of the server (platform/jobs.ts): every plan whose
 * next step is due climbs — the watcher, then the district council, then the area centre's
 * CSW — each step alerting once per overdue contact (watch_alerts is unique per step and due
 * time), in order, and a logged contact stops it (the visit resets the step and the due time).
 * Plans are claimed with SKIP LOCKED, so app processes side by side never alert twice.
 * Returns how many alerts it raised.
 */
export async function runOverdueLadder(db: Db, limit = 200): Promise<number> {
  const now = clockDate();
  return db.transaction(async (tx) => {
    const due = await lrepo.claimDuePlans(tx, now, limit);
    const ladders = new Map<string, LadderRung[]>();
    const trees = new Map<string, TierTree>();
    let raised = 0;
    for (const plan of due) {
      const m = plan.municipality_code;
      if (!trees.has(m)) {
        trees.set(m, await tierTree(tx, m));
        for (const s of await lrepo.listLadder(tx, m)) ladders.set(`${m}|${s.ladder_kind}`, [...(ladders.get(`${m}|${s.ladder_kind}`) ?? []), { step: s.step, daysOverdue: s.days_overdue, target: s.target }]);
      }
      const steps = stepsDue(ladders.get(`${m}|${plan.ladder_kind}`) ?? [], new Date(plan.due_at), plan.ladder_step, now.getTime());
      for (const rung of steps) raised += (await alertStep(tx, plan, rung, trees.get(m)!, now)) ? 1 : 0;
      if (steps.length > 0) await lrepo.setLadderStep(tx, m, plan.plan_id, steps[steps.length - 1]!.step);
      await lrepo.retimeAlerts(tx, m, [plan.plan_id]);
    }
    return raised;
  });
}

async function alertStep(tx: Queryable, plan: lrepo.DuePlanRow, rung: LadderRung, tree: TierTree, now: Date): Promise<boolean> {
  const m = plan.municipality_code;
  const to = targetOf(rung, plan, tree);
  const fresh = await lrepo.insertAlert(tx, m, { planId: plan.plan_id, dueAt: new Date(plan.due_at), step: rung.step, target: rung.target, ...to, at: now });
  if (!fresh) return false;
  const n = { kind: 'watch.overdue', subjectType: 'watch_plan', subjectId: plan.plan_id, title: TITLES[rung.target] };
  if (to.accountId) await notifyAccount(tx, m, to.accountId, n);
  else if (to.unitId) await notifyUnits(tx, m, [to.unitId], n);
  await appendAudit(tx, {
    municipalityCode: m, actorAccountId: null, actorLoginId: 'system', outcome: 'allowed', action: 'watch_plan.overdue_alerted', subjectType: 'watch_plan', subjectId: plan.plan_id,
    details: { step: rung.step, target: rung.target, dueAt: new Date(plan.due_at).toISOString(), ...(to.unitId ? { unitId: to.unitId } : { accountId: to.accountId }) },
  });
  return true;
}
