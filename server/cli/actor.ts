import crypto from 'node:crypto';
import type { Actor } from '../platform/authz';
import type { Db } from '../platform/db';
import { makeContext, type RequestContext } from '../platform/http';
import { actorForAccount } from '../modules/accounts';
import { CliError } from './common';

/**
 * The actor of an account, as a session would give it (roles, permissions, reach, units and
 * their subtree, areas). The command line has the database itself, so no password is asked;
 * the account must exist and be usable, and is named in every audit row.
 */
export async function actorForLogin(db: Db, m: string, loginId: string): Promise<Actor> {
  const actor = await actorForAccount(db, m, loginId);
  if (!actor) throw new CliError(`No usable account "${loginId}" in municipality ${m} (missing, disabled or term ended). --login names the account the command runs as.`);
  return actor;
}

/** A request context for the command line: the same services, audited as the account, with "cli" as the address. */
export function cliContext(db: Db, actor: Actor): RequestContext {
  return makeContext(db, actor, { requestId: `cli-${crypto.randomUUID()}`, ip: 'cli', locale: 'ja' });
}
