import path from 'node:path';
import { buildApp } from './app';
import { startAnchorSchedule } from './platform/audit-anchor';
import { startAuditSealer } from './platform/audit-sealer';
import { loadConfig } from './platform/config';
import { DataDirLockedError } from './platform/data-lock';
import { openConfiguredDatabase } from './platform/database';
import { expireGrants } from './platform/grants';
import { startJobs } from './platform/jobs';
import { createMailer } from './platform/mailer';
import { remindInsuranceRenewals, seedHelperDemo } from './modules/helpers';
import { remindOverdueReferrals } from './modules/referrals';
import { startMailLoop } from './modules/notifications';
import { refoldBehind } from './refold';
import { applyDueHandovers, endLapsedCampaigns, runOverdueLadder, seedWatchDemo } from './modules/watch';
import { seedEvacuationDemo } from './modules/evacuation';
import { seedMunicipality } from './seed';

/** Boot: config → database (embedded unless DATABASE_URL) → migrate → seed → refold stale search keys → listen. */
async function main() {
  const config = loadConfig();
  const { db, close } = await openConfiguredDatabase(config);
  const seeded = await seedMunicipality(db, config.defaultMunicipality, { demo: config.demo, demoPassword: config.demoPassword });
  // Fictional helpers, requests and a network for the demo (once; never when SASAEAI_DEMO=0).
  if (config.demo) await seedHelperDemo(db, config.defaultMunicipality, config.demoPassword);
  // Keys stored under an older fold of core/japanese would stop matching searches: recompute them first.
  for (const r of await refoldBehind(db)) {
    console.log(`search keys of ${r.municipalityCode}: fold ${r.fromVersion} → ${r.toVersion}, rewrote ${r.people.rewritten} people, ${r.consultations.rewritten} consultations, ${r.directory.rewritten} services`);
  }
  // Fictional watch plans for commissioner-omine's zone (only for a demo, never in tests: their people would change other tests' counts).
  if (config.demo) await seedWatchDemo(db, config.defaultMunicipality, config.demoPassword);
  // Fictional registrants of 大嶺 and a fictional shelter for the evacuation registry (docs/evacuation.md "Demo").
  if (config.demo) await seedEvacuationDemo(db, config.defaultMunicipality);
  const app = await buildApp({ db, config });
  // Audit rows get their seq and chain hash from the sealer, about a second after they commit;
  // the chain head is signed into the anchor folder daily (docs/decisions/0006-audit-sealer.md).
  const sealer = config.auditSealIntervalMs > 0
    ? startAuditSealer(db, config.auditSealIntervalMs, {
        onError: (err) => app.log.error({ err }, 'audit sealing failed'),
        onChangedBeforeSeal: (auditIds) => app.log.error({ auditIds }, 'audit rows changed before they were sealed (audit:verify names them)'),
      })
    : null;
  const anchorSettings = { keyFile: config.auditAnchorKeyFile, dir: config.auditAnchorDir };
  if (db.engine === 'embedded' && !path.relative(config.dataDir, config.auditAnchorKeyFile).startsWith('..')) {
    app.log.warn({ keyFile: config.auditAnchorKeyFile }, 'AUDIT_ANCHOR_KEY_FILE is inside DATA_DIR: a copy of the data folder then carries the key that vouches for it');
  }
  const anchors = config.auditAnchorIntervalHours > 0
    ? startAnchorSchedule(db, anchorSettings, config.auditAnchorIntervalHours, {
        onError: (err) => app.log.error({ err }, 'audit anchoring failed'),
        onAnchored: (list) => app.log.info({ anchors: list.map((a) => ({ municipality: a.municipality, seq: a.seq })) }, 'audit head anchored'),
      })
    : null;
  const mailer = createMailer(config);
  const stopMail = mailer ? startMailLoop(db, mailer, config.publicBaseUrl, config.mailIntervalSeconds, (err) => app.log.error({ err }, 'mail delivery failed')) : null;
  const stopJobs = startJobs(
    [
      // Referrals not accepted in time remind their sender and receiver (each once).
      { name: 'referral-reminders', everyMs: 300_000, run: () => remindOverdueReferrals(db) },
      // Grants whose end time passed are written down as closed, with an audit row each.
      { name: 'grant-expiry', everyMs: 60_000, run: () => expireGrants(db) },
      // 見守り: overdue contacts climb the ladder (each step once); lapsed campaigns end; handovers apply on their day.
      { name: 'watch-ladder', everyMs: 60_000, run: () => runOverdueLadder(db) },
      { name: 'watch-campaigns', everyMs: 300_000, run: () => endLapsedCampaigns(db) },
      { name: 'watch-handovers', everyMs: 300_000, run: () => applyDueHandovers(db) },
      // In March, helpers whose volunteer insurance ends on 3月31日 (and their council) are reminded once.
      { name: 'insurance-renewals', everyMs: 3_600_000, run: () => remindInsuranceRenewals(db) },
    ],
    (job, err) => app.log.error({ err, job }, 'job failed'),
  );
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'shutting down');
    await stopJobs();
    await anchors?.stop();
    await stopMail?.();
    await app.close();
    // After the last request: the final round seals every row, so a stopped server leaves none waiting.
    await sealer?.stop();
    await close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  await app.listen({ port: config.port, host: config.host });
  // The port actually bound (PORT=0 asks the system for a free one).
  const bound = app.server.address();
  const port = bound && typeof bound === 'object' ? bound.port : config.port;
  const where = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}`;
  console.log(
    `\nささえあい sasaeai ${config.version} — ${where}\n` +
      `  database: ${db.engine === 'embedded' ? `embedded PostgreSQL in ${config.dataDir}` : 'PostgreSQL'}\n` +
      `  notification mail: ${mailer ? `SMTP, links to ${config.publicBaseUrl}` : 'off (set SMTP_URL)'}\n` +
      (seeded.created ? `  set up municipality ${config.defaultMunicipality}\n` : '') +
      (config.demo ? `  demo accounts: city-admin, coordinator, csw-mine, … (password: SASAEAI_DEMO_PASSWORD, default "${config.demoPassword === 'sasaeai-demo-2026' ? 'sasaeai-demo-2026' : '(set)'}")\n` : ''),
  );
}

main().catch((err) => {
  if (err instanceof DataDirLockedError) {
    console.error(err.message);
    process.exit(2);
  }
  console.error(err);
  process.exit(1);
});
