import type { z } from 'zod';
import type { ConsultationAlert, Task } from '../../../core/contracts/consultations';
import { formatDate, formatDateTime } from '../../lib/datetime';
import { useI18n } from '../../lib/i18n';
import { Link } from '../../lib/router';
import { useApi } from '../../lib/useApi';
import { Badge } from '../../ui/Badge';
import { Notice } from '../../ui/Notice';
import { Loading, Section } from '../../ui/Page';

type Alert = z.infer<typeof ConsultationAlert>;
const ALERT_TONE: Record<Alert['kind'], 'red' | 'orange' | 'blue' | 'green'> = { new_consultation: 'green', unassigned: 'orange', first_contact_overdue: 'red', closure_approval: 'blue', task_due: 'orange' };
/** Most pressing first: a first contact already late, nobody named after a day, new work nobody has taken, then the rest. */
const ALERT_ORDER: readonly Alert['kind'][] = ['first_contact_overdue', 'unassigned', 'new_consultation', 'closure_approval', 'task_due'];

/** The alerts most pressing first, oldest first within a kind. */
export function orderAlerts<A extends Pick<Alert, 'kind' | 'since'>>(items: readonly A[]): A[] {
  return [...items].sort((a, b) => ALERT_ORDER.indexOf(a.kind) - ALERT_ORDER.indexOf(b.kind) || a.since.localeCompare(b.since));
}

const href = (id: string) => `/consultations/${encodeURIComponent(id)}`;

/** 「対応が必要なもの」: the server's alerts for me and my units, each a link to its consultation. */
export function AlertsBlock({ id = 'consultation-alerts', limit }: { id?: string; limit?: number }) {
  const { t, locale } = useI18n();
  const alerts = useApi<{ items: Alert[]; total: number }>('/api/consultations/alerts');
  const items = orderAlerts(alerts.data?.items ?? []);
  const shown = limit ? items.slice(0, limit) : items;
  const counts = ALERT_ORDER.map((kind) => ({ kind, n: items.filter((a) => a.kind === kind).length })).filter((c) => c.n > 0);
  return (
    <Section title={t.consultations.alerts.title} id={id}>
      {alerts.loading && !alerts.data ? <Loading /> : null}
      {alerts.error ? <Notice tone="error">{alerts.error.message}</Notice> : null}
      {alerts.data && items.length === 0 ? <p className="text-std-16N-170">{t.consultations.alerts.none}</p> : null}
      {limit && items.length > limit ? (
        <ul className="flex flex-wrap gap-2" aria-label={t.consultations.alerts.countsLabel} data-testid="alert-counts">
          {counts.map((c) => (
            <li key={c.kind}>
              <Badge tone={ALERT_TONE[c.kind]}>{t.consultations.alerts.count(t.consultations.alerts.kinds[c.kind], c.n)}</Badge>
            </li>
          ))}
        </ul>
      ) : null}
      {shown.length > 0 ? (
        <ul className="flex flex-col gap-2" data-testid="alerts">
          {shown.map((a, i) => (
            <li key={`${a.kind}-${a.consultationId}-${i}`} className="flex flex-col gap-1 rounded-8 border border-solid-gray-420 p-3" data-alert-kind={a.kind} data-receipt={a.receiptNumber}>
              <span className="flex flex-wrap items-center gap-2">
                <Badge tone={ALERT_TONE[a.kind]}>{t.consultations.alerts.kinds[a.kind]}</Badge>
                <Link href={href(a.consultationId)} className="text-std-16B-170">
                  <span className="sr-only">{t.consultations.col.receipt}：</span>
                  <span className="font-mono">{a.receiptNumber}</span>
                </Link>
              </span>
              <span className="text-dns-16N-130 break-words">{a.title}</span>
              <span className="text-dns-14N-130 text-solid-gray-700">
                {a.owningUnitName}{t.consultations.dot}{a.kind === 'new_consultation' ? t.consultations.alerts.arrived : t.consultations.alerts.since}{t.consultations.colon}{formatDateTime(a.since, locale)}
              </span>
            </li>
          ))}
        </ul>
      ) : null}
      {limit && items.length > limit ? (
        <p>
          <Link href="/consultations">{t.consultations.alerts.more(items.length)}</Link>
        </p>
      ) : null}
    </Section>
  );
}

/** My open tasks across consultations. */
export function MyTasksBlock() {
  const { t, locale } = useI18n();
  const tasks = useApi<{ items: z.infer<typeof Task>[]; total: number }>('/api/consultations/tasks');
  const items = tasks.data?.items ?? [];
  return (
    <Section title={t.consultations.myTasks.title} id="my-tasks">
      {tasks.loading && !tasks.data ? <Loading /> : null}
      {tasks.error ? <Notice tone="error">{tasks.error.message}</Notice> : null}
      {tasks.data && items.length === 0 ? <p className="text-std-16N-170">{t.consultations.myTasks.none}</p> : null}
      {items.length > 0 ? (
        <ul className="flex flex-col gap-2">
          {items.map((task) => (
            <li key={task.id} className="flex flex-col gap-1 rounded-8 border border-solid-gray-420 p-3">
              <span className="text-std-16B-170 break-words">{task.title}</span>
              <span className="text-dns-14N-130 text-solid-gray-800">
                <Link href={href(task.consultationId)}>
                  <span className="sr-only">{t.consultations.col.receipt}：</span>
                  <span className="font-mono">{task.receiptNumber}</span>
                </Link>
                {task.dueDate ? `${t.consultations.dot}${t.consultations.tasks.due}${t.consultations.colon}${formatDate(task.dueDate, locale)}` : ''}
              </span>
            </li>
          ))}
        </ul>
      ) : null}
    </Section>
  );
}
