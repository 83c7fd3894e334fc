import { useState, type FormEvent } from 'react';
import type { z } from 'zod';
import type { Unit } from '../../../core/contracts/org';
import type { RegistrantList } from '../../../core/contracts/evacuation';
import { query } from '../../lib/api';
import { useI18n } from '../../lib/i18n';
import { Link, navigate, useLocation } from '../../lib/router';
import { useSession } from '../../lib/session';
import { useApi } from '../../lib/useApi';
import { Button } from '../../ui/Button';
import { Notice } from '../../ui/Notice';
import { Loading, Page, Section, TableScroll, TD, TH } from '../../ui/Page';
import { codeLabel, day } from './format';

const SELECT = 'block w-full max-w-xs rounded-8 border border-solid-gray-600 bg-white px-4 py-3 text-std-16N-170 appearance-auto';
const STATUSES = ['active', 'declined', 'removed', 'any'] as const;

/** The districts of the municipality (units of the district tier), in their order. */
export function useDistricts() {
  const { pickName } = useI18n();
  const units = useApi<{ items: Unit[] }>('/api/org/units');
  const districts = (units.data?.items ?? []).filter((u) => u.tier === 'district' && u.isActive).sort((a, b) => a.sortOrder - b.sortOrder);
  return districts.map((u) => ({ id: u.id, name: pickName(u) }));
}

/**
 * 避難行動要支援者名簿 by district (issue #12 §1): what the actor may see of it (reach, consent or
 * a disaster grant — the server decides, the access column says which), keyset-paged.
 */
export function RegistryPage() {
  const { t, locale } = useI18n();
  const g = t.evacuation.registry;
  const { search } = useLocation();
  const district = search.get('district') ?? '';
  const status = search.get('status') ?? 'active';
  const cursor = search.get('cursor') ?? undefined;
  const list = useApi<z.infer<typeof RegistrantList>>(`/api/evacuation/registrants${query({ district, status, cursor, limit: 50 })}`);
  const districts = useDistricts();
  const { can } = useSession();
  const [draft, setDraft] = useState({ district, status });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    navigate(`/evacuation${query(draft)}`, { keepScroll: true });
  };
  return (
    <Page title={g.title} lead={g.lead}>
      <form role="search" aria-label={g.title} onSubmit={submit} className="flex flex-wrap items-end gap-3">
        <div className="flex flex-col gap-1">
          <label htmlFor="registry-district" className="text-std-16B-170">{g.district}</label>
          <select id="registry-district" value={draft.district} onChange={(e) => setDraft({ ...draft, district: e.target.value })} className={SELECT}>
            <option value="">{g.allDistricts}</option>
            {districts.map((d) => <option key={d.id} value={d.id}>{d.name}</option>)}
          </select>
        </div>
        <div className="flex flex-col gap-1">
          <label htmlFor="registry-status" className="text-std-16B-170">{g.status}</label>
          <select id="registry-status" value={draft.status} onChange={(e) => setDraft({ ...draft, status: e.target.value })} className={SELECT}>
            {STATUSES.map((s) => <option key={s} value={s}>{s === 'any' ? g.statusAny : codeLabel('registrantStatus', s, locale)}</option>)}
          </select>
        </div>
        <Button type="submit" variant="secondary">{g.filter}</Button>
      </form>
      {can('evacuation.export') ? (
        <p><a href="/api/evacuation/survey" className="text-std-16B-170 underline" download>{t.evacuation.survey.download}</a></p>
      ) : null}
      <Section title={g.listTitle} id="registry">
        {list.loading && !list.data ? <Loading /> : null}
        {list.error ? <Notice tone="error">{list.error.message}</Notice> : null}
        {list.data && list.data.items.length === 0 ? <p className="text-std-16N-170">{g.none}</p> : null}
        {list.data && list.data.items.length > 0 ? (
          <TableScroll label={g.listTitle}>
            <table className="w-full border-collapse" data-testid="registry-table">
              <thead>
                <tr>{(['name', 'birth', 'address', 'district', 'reasons', 'consent', 'plan', 'priority'] as const).map((c) => <th key={c} scope="col" className={TH}>{g.col[c]}</th>)}</tr>
              </thead>
              <tbody>
                {list.data.items.map((x) => (
                  <tr key={x.id}>
                    <th scope="row" className={`${TD} text-left`}>
                      <Link href={`/evacuation/registrants/${encodeURIComponent(x.id)}`}>{x.name}</Link>
                      <span className="block text-dns-14N-130 text-solid-gray-800">{codeLabel('access', x.access, locale)}</span>
                    </th>
                    <td className={TD}>{day(x.birthDate, locale) ?? '—'}</td>
                    <td className={TD}>{x.address}</td>
                    <td className={TD}>{x.districtName}{x.zoneName ? `・${x.zoneName}` : ''}</td>
                    <td className={TD}>{x.reasons.map((r) => codeLabel('reason', r.code, locale)).join('、')}</td>
                    <td className={TD}>{codeLabel('consentState', x.consentState, locale)}</td>
                    <td className={TD}>{x.hasPlan ? g.hasPlan : g.noPlan}</td>
                    <td className={TD}>{x.priority ?? '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        ) : null}
        {list.data?.nextCursor ? <Link href={`/evacuation${query({ district, status, cursor: list.data.nextCursor })}`}>{g.next}</Link> : null}
      </Section>
    </Page>
  );
}
