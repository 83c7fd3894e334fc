import type { Queryable } from '../../platform/db';
import { type AuditNote, withRecord } from '../../platform/gate';
import type { RequestContext } from '../../platform/http';
import { PERSON } from './people.policy';
import type { PersonRow } from './people.repo';

/** Runs `fn` on one person the actor may see, through the platform gate with the person record type (404 and a denied audit row otherwise). */
export function withVisiblePerson<T>(
  ctx: RequestContext,
  action: string,
  personId: string,
  fn: (tx: Queryable, person: PersonRow, audit: AuditNote) => Promise<T>,
  opts: { forUpdate?: boolean } = {},
): Promise<T> {
  return withRecord<PersonRow, T>(ctx, PERSON, personId, { action, ...opts }, fn);
}
