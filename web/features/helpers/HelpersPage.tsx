import { useState, type FormEvent } from 'react';
import { HELPER_STATUS_LABELS, HELPER_STATUSES, PLAN_ROLE_LABELS } from '../../../core/helpers/codes';
import { query } from '../../lib/api';
import { formatDate } from '../../lib/datetime';
import { useI18n } from '../../lib/i18n';
import { Link, navigate, useLocation } from '../../lib/router';
import { useApi } from '../../lib/useApi';
import { Button } from '../../ui/Button';
import { Notice } from '../../ui/Notice';
import { Loading, Page, Section, TableScroll, TD, TH } from '../../ui/Page';
import { label, labels, SELECT } from './format';

interface Summary { id: string; status: string; displayName: string; townName: string; planRoles: string[]; hasCar: boolean; insuredUntil: string | null }

/** 担い手の一覧 and the review queue (status=pending), keyset-paged by name. */
export function HelpersPage() {
  const { t, locale } = useI18n();
  const h = t.helpers;
  const { search } = useLocation();
  const status = search.get('status') ?? 'active';
  const after = search.get('after') ?? undefined;
  const list = useApi<{ items: Summary[]; next: string | null }>(`/api/helpers${query({ status, after })}`);
  const [draft, setDraft] = useState(status);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    navigate(`/helpers${query({ status: draft })}`, { keepScroll: true });
  };
  return (
    <Page title={h.listTitle} lead={h.listLead}>
      <form role="search" aria-label={h.listTitle} onSubmit={submit} className="flex flex-wrap items-end gap-3">
        <div className="flex flex-col gap-1">
          <label htmlFor="helper-status" className="text-std-16B-170">{h.statusLabel}</label>
          <select id="helper-status" value={draft} onChange={(e) => setDraft(e.target.value)} className={SELECT}>
            {[...HELPER_STATUSES, 'any'].map((s) => (
              <option key={s} value={s}>{s === 'any' ? h.statusAny : label(HELPER_STATUS_LABELS, s, locale)}</option>
            ))}
          </select>
        </div>
        <Button type="submit" variant="secondary">{h.filter}</Button>
      </form>
      <Section title={h.listTitle} id="helpers">
        {list.loading && !list.data ? <Loading /> : null}
        {list.error ? <Notice tone="error">{list.error.message}</Notice> : null}
        {list.data && list.data.items.length === 0 ? <p className="text-std-16N-170">{h.none}</p> : null}
        {list.data && list.data.items.length > 0 ? (
          <TableScroll label={h.listTitle}>
            <table className="w-full border-collapse" data-testid="helpers-table">
              <thead>
                <tr>{(['name', 'town', 'roles', 'car', 'insured', 'status'] as const).map((c) => <th key={c} scope="col" className={TH}>{h.col[c]}</th>)}</tr>
              </thead>
              <tbody>
                {list.data.items.map((x) => (
                  <tr key={x.id}>
                    <th scope="row" className={`${TD} text-left`}><Link href={`/helpers/${x.id}`}>{x.displayName}</Link></th>
                    <td className={TD}>{x.townName}</td>
                    <td className={TD}>{labels(PLAN_ROLE_LABELS, x.planRoles, locale)}</td>
                    <td className={TD}>{x.hasCar ? h.yes : h.no}</td>
                    <td className={TD}>{x.insuredUntil ? formatDate(x.insuredUntil, locale) : h.notInsured}</td>
                    <td className={TD}>{label(HELPER_STATUS_LABELS, x.status, locale)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        ) : null}
        {list.data?.next ? <Link href={`/helpers${query({ status, after: list.data.next })}`}>{h.next}</Link> : null}
      </Section>
    </Page>
  );
}
