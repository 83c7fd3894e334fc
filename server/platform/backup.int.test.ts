import { beforeAll, describe, expect, it } from 'vitest';
import { tenantCode, testDb } from '../test/harness';
import { type AuditEntry, type AuditFields, appendAudit, auditBodyHash } from './audit';
import { sealAudit } from './audit-sealer';
import { verifyAuditChain } from './audit-verify';
import { resetSealCursor } from './backup';
import type { Db } from './db';

/**
 * A copy restored into another PostgreSQL server carries the sealer's cursor of the old one:
 * transaction ids that mean nothing here. When the old server's ids ran higher (an older,
 * busier server; a long-lived embedded folder moved to a new server), every row written here
 * is below the cursor and the sealer passes it over: never chained (row_unchained). The
 * restore resets the cursor and seals what came unsealed (server/platform/backup.ts).
 */
let db: Db;
beforeAll(async () => {
  db = await testDb();
});

const entry = (m: string, subject: string): AuditEntry => ({
  municipalityCode: m, actorAccountId: null, actorLoginId: 'restore-test', action: 'person.read', subjectType: 'person', subjectId: subject, outcome: 'allowed',
});

describe('the audit sealer after a restore into another server', () => {
  it('with the old server cursor, new rows are passed over (row_unchained); after resetSealCursor every row is sealed and the chain verifies', async () => {
    const m = tenantCode();
    await sealAudit(db);
    // As restored from a server a million transactions ahead: its cursor, and one of its rows not sealed yet.
    const { rows } = await db.query<{ ahead: string }>("SELECT (pg_snapshot_xmax(pg_current_snapshot())::text::numeric + 1000000)::text AS ahead");
    const ahead = rows[0]!.ahead;
    await db.query("UPDATE audit_seal_cursor SET sealed_below = $1::xid8, pending_txids = '{}' WHERE cursor_id = 1", [ahead]);
    const restored: AuditFields = {
      municipalityCode: m, occurredAt: new Date().toISOString(), actorAccountId: null, actorLoginId: 'restore-test', action: 'person.read',
      subjectType: 'person', subjectId: 'restored-row', outcome: 'allowed', legalBasis: null, requestId: null, ip: null, details: {},
    };
    await db.query(
      `INSERT INTO audit_events (municipality_code, occurred_at, actor_account_id, actor_login_id, action, subject_type, subject_id, outcome, details, txid, body_hash)
       VALUES ($1, $2, NULL, $3, $4, $5, $6, $7, '{}', ($8::numeric + 5)::text::xid8, $9)`,
      [m, restored.occurredAt, restored.actorLoginId, restored.action, restored.subjectType, restored.subjectId, restored.outcome, ahead, auditBodyHash(restored)],
    );
    await db.transaction((tx) => appendAudit(tx, entry(m, 'written-here')));
    await sealAudit(db);
    const before = await verifyAuditChain(db, m);
    expect(before.checked).toBe(0);
    expect(before.problems.map((p) => p.kind)).toEqual(['row_unchained']);

    const { sealed } = await resetSealCursor(db);
    expect(sealed).toBeGreaterThanOrEqual(2);
    const after = await verifyAuditChain(db, m);
    expect(after.ok).toBe(true);
    expect(after.checked).toBe(2);
    expect(after.unsealed.rows).toBe(0);

    // From then on the sealer chains this server's rows as they come.
    await db.transaction((tx) => appendAudit(tx, entry(m, 'later')));
    await sealAudit(db);
    const later = await verifyAuditChain(db, m);
    expect(later.ok).toBe(true);
    expect(later.checked).toBe(3);
    expect(later.unsealed.rows).toBe(0);
  });
});
