import type { z } from 'zod';
import type { Dashboard } from '../../../core/contracts/watch';
import { useI18n } from '../../lib/i18n';
import { useApi } from '../../lib/useApi';
import { Notice } from '../../ui/Notice';
import { Loading, Page, Section, TableScroll, TD, TH } from '../../ui/Page';

type Counts = { name: string; active: number; overdue: number }[];

function CountTable({ label, rows }: { label: string; rows: Counts }) {
  const { t } = useI18n();
  return (
    <TableScroll label={label}>
      <table className="w-full border-collapse">
        <caption className="sr-only">{label}</caption>
        <thead><tr><th scope="col" className={TH}>{t.watch.colName}</th><th scope="col" className={TH}>{t.watch.colActive}</th><th scope="col" className={TH}>{t.watch.colOverdue}</th></tr></thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.name}><th scope="row" className={TD}>{r.name}</th><td className={TD}>{r.active}</td><td className={`${TD} ${r.overdue > 0 ? 'font-bold text-red-1000' : ''}`}>{r.overdue}</td></tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

/** The overdue dashboard (issue #11 §5): by district, by watcher, and the people whose watch-over has stopped. */
export function DashboardPage() {
  const { t } = useI18n();
  const { data, error } = useApi<z.infer<typeof Dashboard>>('/api/watch/dashboard');
  return (
    <Page title={t.watch.dashboardTitle} lead={t.watch.dashboardLead}>
      {error ? <Notice tone="error">{error.message}</Notice> : null}
      {!data && !error ? <Loading /> : null}
      {data ? (
        <>
          <p><a href="/api/watch/export" className="underline">{t.watch.exportCsv}</a></p>
          <Section title={t.watch.byDistrict}><CountTable label={t.watch.byDistrict} rows={data.byDistrict} /></Section>
          <Section title={t.watch.byWatcher}><CountTable label={t.watch.byWatcher} rows={data.byWatcher} /></Section>
          <Section title={t.watch.without}>
            <p className="text-std-16N-170">{t.watch.withoutLead}</p>
            {data.withoutWorkingPlan.length === 0 ? <p>{t.watch.withoutNone}</p> : (
              <ul className="flex flex-col gap-1">
                {data.withoutWorkingPlan.map((p) => <li key={p.personId} className="text-std-16N-170">{p.personName}（{p.districtName}）— {t.watch.withoutReason[p.reason]}</li>)}
              </ul>
            )}
            {data.withoutWorkingPlanIsLowerBound ? <p>{t.watch.more}</p> : null}
          </Section>
        </>
      ) : null}
    </Page>
  );
}
