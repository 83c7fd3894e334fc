import { useState, type FormEvent } from 'react';
import type { Referral } from '../../../core/contracts/referrals';
import { query } from '../../lib/api';
import { formatDateTime } from '../../lib/datetime';
import { useI18n } from '../../lib/i18n';
import { Link, navigate, useLocation } from '../../lib/router';
import { useSession } from '../../lib/session';
import { useApi } from '../../lib/useApi';
import { Button } from '../../ui/Button';
import { Notice } from '../../ui/Notice';
import { Loading, Page, Section, TableScroll, TD, TH } from '../../ui/Page';
import { receivedOn } from '../consultations/format';
import { OverdueBadge, ReferralStatusBadge } from './parts';

type Box = 'inbox' | 'outbox';
type StatusFilter = 'any' | 'open' | 'closed';
const SELECT = 'block w-full max-w-xs rounded-8 border border-solid-gray-600 bg-white px-4 py-3 text-std-16N-170 appearance-auto';

/** 紹介: the inbox of my unit and the outbox of consultations I work, filtered by status (in the URL). */
export function ReferralsPage() {
  const { t, locale } = useI18n();
  const { can } = useSession();
  const { search } = useLocation();
  const r = t.referrals;
  const box: Box = search.get('box') === 'outbox' || (search.get('box') !== 'inbox' && !can('referrals.respond')) ? 'outbox' : 'inbox';
  const statusParam = search.get('status');
  const status: StatusFilter = statusParam === 'open' || statusParam === 'closed' ? statusParam : 'any';
  const list = useApi<{ items: Referral[]; total: number }>(`/api/referrals${query({ box, status })}`);
  const [draft, setDraft] = useState<StatusFilter>(status);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    navigate(`/referrals${query({ box, status: draft === 'any' ? null : draft })}`, { keepScroll: true });
  };
  const items = list.data?.items ?? [];
  return (
    <Page title={r.listTitle} lead={r.listLead}>
      <nav aria-label={r.tabsLabel}>
        <ul className="flex gap-1 border-b-2 border-solid-gray-420">
          {(['inbox', 'outbox'] as const).map((b) => (
            <li key={b}>
              <Link
                href={`/referrals${query({ box: b, status: status === 'any' ? null : status })}`}
                aria-current={b === box ? 'page' : undefined}
                className={`-mb-0.5 block border-b-4 px-4 py-3 text-std-16B-170 no-underline hover:underline ${b === box ? 'border-blue-900 text-blue-1000' : 'border-transparent text-solid-gray-800'}`}
              >
                {r.tabs[b]}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <form role="search" aria-label={r.filtersLabel} onSubmit={submit} className="flex flex-wrap items-end gap-3">
        <div className="flex flex-col gap-1">
          <label htmlFor="referral-status" className="text-std-16B-170">
            {r.status}
          </label>
          <select id="referral-status" value={draft} onChange={(e) => setDraft(e.target.value as StatusFilter)} className={SELECT}>
            {(['any', 'open', 'closed'] as const).map((s) => (
              <option key={s} value={s}>
                {r.statusOptions[s]}
              </option>
            ))}
          </select>
        </div>
        <Button type="submit" variant="secondary">
          {r.filter}
        </Button>
      </form>
      <Section title={r.tabs[box]} id="referrals">
        {list.loading && !list.data ? <Loading /> : null}
        {list.error ? <Notice tone="error">{list.error.message}</Notice> : null}
        {list.data ? (
          <p role="status" className="text-std-16N-170" data-testid="referrals-count">
            {r.count(list.data.total)}
          </p>
        ) : null}
        {list.data && items.length === 0 ? <p className="text-std-16N-170">{r.none}</p> : null}
        {items.length > 0 ? (
          <ul className="flex flex-col gap-3 md:hidden" data-testid="referrals-cards">
            {items.map((x) => (
              <li key={x.id} className="flex flex-col gap-1 rounded-8 border border-solid-gray-420 p-3" data-receipt={x.receiptNumber} data-referral={x.id}>
                <Link href={`/referrals/${encodeURIComponent(x.id)}`} className="text-std-16B-170 text-blue-1000 underline">
                  {x.receiptNumber}
                </Link>
                <span className="text-std-16N-170 break-words">
                  {box === 'inbox' ? r.col.fromUnit : r.col.organization}
                  {t.consultations.colon}
                  {box === 'inbox' ? (x.fromUnitName ?? '') : x.toOrganizationName}
                </span>
                <span className="flex flex-wrap items-center gap-2">
                  <ReferralStatusBadge status={x.status} />
                  {x.overdue && x.status === 'sent' ? <OverdueBadge /> : null}
                </span>
                <span className="text-dns-14N-130 text-solid-gray-800">
                  {r.col.sentAt}
                  {t.consultations.colon}
                  {receivedOn(x.sentAt, locale)}
                  {x.status === 'sent' ? `${t.consultations.dot}${r.col.acceptDue}${t.consultations.colon}${formatDateTime(x.acceptDueAt, locale)}` : ''}
                </span>
              </li>
            ))}
          </ul>
        ) : null}
        {items.length > 0 ? (
          <div className="hidden md:block">
            <TableScroll label={r.tabs[box]}>
              <table className="w-full border-collapse" data-testid="referrals-table">
                <thead>
                  <tr>
                    <th scope="col" className={TH}>{r.col.receipt}</th>
                    <th scope="col" className={TH}>{box === 'inbox' ? r.col.fromUnit : r.col.organization}</th>
                    <th scope="col" className={TH}>{r.col.status}</th>
                    <th scope="col" className={TH}>{r.col.sentAt}</th>
                    <th scope="col" className={TH}>{r.col.acceptDue}</th>
                  </tr>
                </thead>
                <tbody>
                  {items.map((x) => (
                    <tr key={x.id} data-receipt={x.receiptNumber} data-referral={x.id}>
                      <td className={`${TD} whitespace-nowrap`}>
                        <Link href={`/referrals/${encodeURIComponent(x.id)}`} className="text-blue-1000 underline">
                          {x.receiptNumber}
                        </Link>
                      </td>
                      <td className={TD}>{box === 'inbox' ? (x.fromUnitName ?? '') : x.toOrganizationName}</td>
                      <td className={TD}>
                        <ReferralStatusBadge status={x.status} />
                      </td>
                      <td className={`${TD} whitespace-nowrap`}>{receivedOn(x.sentAt, locale)}</td>
                      <td className={TD}>
                        {x.status === 'sent' ? (
                          <span className="flex flex-col items-start gap-1">
                            <span className={x.overdue ? 'text-red-900' : ''}>{formatDateTime(x.acceptDueAt, locale)}</span>
                            {x.overdue ? <OverdueBadge /> : null}
                          </span>
                        ) : (
                          '—'
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
          </div>
        ) : null}
      </Section>
    </Page>
  );
}
