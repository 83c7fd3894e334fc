import type { Queryable } from '../../platform/db';
import { notFound } from '../../platform/errors';
import type { RequestContext } from '../../platform/http';
import * as repo from './people.repo';

const DENIED = Symbol('denied');

/**
 * The gate of every operation on one person (DESIGN.md §3 rule 2): in one transaction, load
 * the person through visibleTo (locked when writing) and run `fn`. A person the actor may not
 * see answers 404, the same as one that does not exist, and the attempt is audited as denied
 * in its own transaction (the work's transaction rolled back, the refusal must still be kept).
 */
export async function withVisiblePerson<T>(
  ctx: RequestContext,
  action: string,
  personId: string,
  fn: (tx: Queryable, person: repo.PersonRow) => Promise<T>,
  opts: { forUpdate?: boolean } = {},
): Promise<T> {
  const out = await ctx.db.transaction(async (tx) => {
    const person = await repo.findVisiblePerson(tx, ctx.actor, personId, opts);
    if (!person) return DENIED;
    return { value: await fn(tx, person) };
  });
  if (out === DENIED) {
    await auditDenied(ctx, action, personId);
    throw notFound();
  }
  return out.value;
}

/** A denied attempt on a person record; `exists` tells an auditor a probe from a typo (never told to the client). */
export async function auditDenied(ctx: RequestContext, action: string, personId: string): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const exists = await repo.personExists(tx, ctx.actor.municipalityCode, personId);
    await ctx.audit(tx, { action, subjectType: 'person', subjectId: personId, outcome: 'denied', details: { reason: 'not_visible', exists } });
  });
}
