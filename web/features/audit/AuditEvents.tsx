import type { AuditEvent } from '../../../core/contracts/audit';
import { formatDateTime } from '../../lib/datetime';
import { useI18n } from '../../lib/i18n';
import { Badge } from '../../ui/Badge';
import { TableScroll, TD, TH } from '../../ui/Page';
import { useAuditWords } from './labels';

/** One page of the log: a table from tablet width up, cards on a phone (375 px reads each event whole). */
export function AuditEvents({ items }: { items: AuditEvent[] }) {
  return (
    <>
      <div className="hidden md:block">
        <EventTable items={items} />
      </div>
      <EventCards items={items} />
    </>
  );
}

function Outcome({ e }: { e: AuditEvent }) {
  const { t } = useI18n();
  return e.outcome === 'denied' ? <Badge tone="red">{t.audit.deniedBadge}</Badge> : <>{t.audit.allowed}</>;
}

/** The row's place in its municipality's chain, or 「封印待ち」 until the sealer has chained it. */
function Seq({ e }: { e: AuditEvent }) {
  const { t } = useI18n();
  return e.seq ?? <span title={t.audit.verifyReport.pendingHint}>{t.audit.verifyReport.pending}</span>;
}

function EventTable({ items }: { items: AuditEvent[] }) {
  const { t, locale } = useI18n();
  const words = useAuditWords();
  return (
    <TableScroll label={t.audit.events}>
      <table className="w-full border-collapse" data-testid="audit-table">
        <thead>
          <tr>
            <th scope="col" className={TH}>{t.audit.verifyReport.id}</th>
            <th scope="col" className={TH}>{t.audit.verifyReport.seq}</th>
            <th scope="col" className={TH}>{t.audit.time}</th>
            <th scope="col" className={TH}>{t.audit.actor}</th>
            <th scope="col" className={TH}>{t.audit.action}</th>
            <th scope="col" className={TH}>{t.audit.subject}</th>
            <th scope="col" className={TH}>{t.audit.outcome}</th>
            <th scope="col" className={TH}>{t.audit.requestId}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((e) => (
            <tr key={e.id} className={e.outcome === 'denied' ? 'bg-red-50' : ''} data-outcome={e.outcome} data-action={e.action} data-audit-id={e.id}>
              <td className={`${TD} font-mono tabular-nums`}>{e.id}</td>
              <td className={`${TD} font-mono tabular-nums`}>
                <Seq e={e} />
              </td>
              <td className={`${TD} whitespace-nowrap`}>{formatDateTime(e.occurredAt, locale)}</td>
              <td className={`${TD} font-mono`}>{e.actorLoginId ?? '—'}</td>
              <td className={TD}>{words.action(e.action)}</td>
              <td className={`${TD} min-w-40`}>
                {e.subjectType ? <span className="block">{words.subjectType(e.subjectType)}</span> : '—'}
                {e.subjectId ? <span className="block text-dns-14N-130 break-all text-solid-gray-700">{words.subject(e.subjectType, e.subjectId)}</span> : null}
              </td>
              <td className={`${TD} whitespace-nowrap`}>
                <Outcome e={e} />
              </td>
              <td className={`${TD} font-mono text-mono-14N-150 text-solid-gray-700`}>{e.requestId ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

function EventCards({ items }: { items: AuditEvent[] }) {
  const { t, locale } = useI18n();
  const words = useAuditWords();
  return (
    <ol aria-label={t.audit.events} className="flex flex-col gap-3 md:hidden" data-testid="audit-cards">
      {items.map((e) => (
        <li
          key={e.id}
          className={`flex flex-col gap-1 rounded-8 border p-3 ${e.outcome === 'denied' ? 'border-red-900 bg-red-50' : 'border-solid-gray-420 bg-white'}`}
          data-outcome={e.outcome}
          data-action={e.action}
        >
          <p className="flex flex-wrap items-center justify-between gap-2">
            <span className="text-std-16B-170">{words.action(e.action)}</span>
            <Outcome e={e} />
          </p>
          <dl className="grid grid-cols-[max-content_1fr] gap-x-3 gap-y-1 text-dns-14N-130">
            <dt className="text-dns-14B-130 text-solid-gray-800">{t.audit.time}</dt>
            <dd>{formatDateTime(e.occurredAt, locale)}</dd>
            <dt className="text-dns-14B-130 text-solid-gray-800">{t.audit.actor}</dt>
            <dd className="font-mono break-all">{e.actorLoginId ?? '—'}</dd>
            <dt className="text-dns-14B-130 text-solid-gray-800">{t.audit.subject}</dt>
            <dd className="break-all">
              {e.subjectType ? words.subjectType(e.subjectType) : '—'}
              {e.subjectId ? `${t.consultations.colon}${words.subject(e.subjectType, e.subjectId)}` : ''}
            </dd>
            <dt className="text-dns-14B-130 text-solid-gray-800">{t.audit.verifyReport.id}</dt>
            <dd className="font-mono tabular-nums">{e.id}</dd>
            <dt className="text-dns-14B-130 text-solid-gray-800">{t.audit.verifyReport.seq}</dt>
            <dd className="font-mono tabular-nums">
              <Seq e={e} />
            </dd>
          </dl>
        </li>
      ))}
    </ol>
  );
}
