import { buildApp } from './app';
import { loadConfig } from './platform/config';
import { DataDirLockedError } from './platform/data-lock';
import { openConfiguredDatabase } from './platform/database';
import { createMailer } from './platform/mailer';
import { remindOverdueReferrals } from './modules/consultations';
import { startMailLoop } from './modules/notifications';
import { refoldBehind } from './refold';
import { seedMunicipality } from './seed';

/** Boot: config → database (embedded unless DATABASE_URL) → migrate → seed → refold stale search keys → listen. */
async function main() {
  const config = loadConfig();
  const { db, close } = await openConfiguredDatabase(config);
  const seeded = await seedMunicipality(db, config.defaultMunicipality, { demo: config.demo, demoPassword: config.demoPassword });
  // Keys stored under an older fold of core/japanese would stop matching searches: recompute them first.
  for (const r of await refoldBehind(db)) {
    console.log(`search keys of ${r.municipalityCode}: fold ${r.fromVersion} → ${r.toVersion}, rewrote ${r.people.rewritten} people, ${r.consultations.rewritten} consultations, ${r.directory.rewritten} services`);
  }
  const app = await buildApp({ db, config });
  const mailer = createMailer(config);
  const stopMail = mailer ? startMailLoop(db, mailer, config.publicBaseUrl, config.mailIntervalSeconds, (err) => app.log.error({ err }, 'mail delivery failed')) : null;
  // Referrals not accepted in time remind their sender and receiver (each once); every 5 minutes.
  const reminders = setInterval(() => void remindOverdueReferrals(db).catch((err) => app.log.error({ err }, 'referral reminders failed')), 300_000);
  reminders.unref();
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'shutting down');
    clearInterval(reminders);
    await stopMail?.();
    await app.close();
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
