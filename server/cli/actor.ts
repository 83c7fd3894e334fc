import crypto from 'node:crypto';
import { widestReach, type Permission, type Reach } from '../../core/permissions';
import { appendAudit } from '../platform/audit';
import type { Actor } from '../platform/authz';
import type { Db } from '../platform/db';
import type { RequestContext } from '../platform/http';
import { CliError } from './common';

/**
 * Running a service as a staff account from the command line (the register import, the
 * bench): the account's actor without a session, and a request context that audits as it.
 * TODO(lead): the accounts module could export the actor query (it mirrors
 * accounts.repo.ts findSessionActor without the session); then this file keeps only cliContext.
 */

/**
 * The actor of an account, as a session would give it (roles, permissions, reach, units and
 * their subtree, areas). The command line has the database itself, so no password is asked;
 * the account must exist, be active, and is named in every audit row.
 */
export async function actorForLogin(db: Db, m: string, loginId: string): Promise<Actor> {
  const { rows } = await db.query<{ account_id: string; display_name: string; is_demo: boolean; is_active: boolean; permissions: Permission[]; reaches: Reach[]; roles: string[]; unit_ids: string[]; subtree_unit_ids: string[]; area_ids: string[] }>(
    `SELECT a.account_id, a.display_name, a.is_demo, a.is_active,
       ARRAY(SELECT ar.role_code FROM account_roles ar WHERE ar.municipality_code = a.municipality_code AND ar.account_id = a.account_id ORDER BY 1) AS roles,
       ARRAY(SELECT DISTINCT rp.permission FROM account_roles ar JOIN role_permissions rp USING (municipality_code, role_code)
              WHERE ar.municipality_code = a.municipality_code AND ar.account_id = a.account_id ORDER BY 1) AS permissions,
       ARRAY(SELECT r.reach FROM account_roles ar JOIN roles r USING (municipality_code, role_code)
              WHERE ar.municipality_code = a.municipality_code AND ar.account_id = a.account_id) AS reaches,
       ARRAY(SELECT au.unit_id FROM account_units au WHERE au.municipality_code = a.municipality_code AND au.account_id = a.account_id ORDER BY 1) AS unit_ids,
       ARRAY(WITH RECURSIVE sub AS (
               SELECT au.unit_id FROM account_units au WHERE au.municipality_code = a.municipality_code AND au.account_id = a.account_id
               UNION SELECT u.unit_id FROM units u JOIN sub ON u.parent_unit_id = sub.unit_id WHERE u.municipality_code = a.municipality_code)
             SELECT unit_id FROM sub ORDER BY 1) AS subtree_unit_ids,
       ARRAY(SELECT aa.area_id FROM account_areas aa WHERE aa.municipality_code = a.municipality_code AND aa.account_id = a.account_id ORDER BY 1) AS area_ids
     FROM accounts a WHERE a.municipality_code = $1 AND a.login_id = $2`,
    [m, loginId],
  );
  const a = rows[0];
  if (!a) throw new CliError(`No account "${loginId}" in municipality ${m}. --login names the account the import runs as.`);
  if (!a.is_active) throw new CliError(`The account "${loginId}" is disabled.`);
  return {
    accountId: a.account_id, loginId, displayName: a.display_name, municipalityCode: m, roles: a.roles,
    permissions: new Set(a.permissions), reach: widestReach(a.reaches), unitIds: a.unit_ids, subtreeUnitIds: a.subtree_unit_ids,
    areaIds: a.area_ids, stage: 'full', csrfToken: '', isDemo: a.is_demo, sessionExpiresAt: new Date(Date.now() + 3600_000),
  };
}

/** A request context for the command line: the same services, audited as the account, with "cli" as the address. */
export function cliContext(db: Db, actor: Actor): RequestContext {
  const requestId = `cli-${crypto.randomUUID()}`;
  return {
    db, requestId, ip: 'cli', locale: 'ja', actor, maybeActor: actor,
    audit: async (tx, entry) => {
      await appendAudit(tx, { ...entry, outcome: entry.outcome ?? 'allowed', municipalityCode: actor.municipalityCode, actorAccountId: actor.accountId, actorLoginId: actor.loginId, requestId, ip: 'cli' });
    },
  };
}

