import { useEffect, useId, useState, type FormEvent } from 'react';
import type { z } from 'zod';
import type { PublicAreaList, PublicServiceList, PublicServiceSummary } from '../../../core/contracts/directory';
import { formatHours, HELP_LAYERS, SERVICE_CATEGORIES } from '../../../core/directory';
import { query } from '../../lib/api';
import { useI18n } from '../../lib/i18n';
import { Link, navigate, useLocation } from '../../lib/router';
import { useApi } from '../../lib/useApi';
import { Badge } from '../../ui/Badge';
import { DisplaySettings } from '../../ui/DisplaySettings';
import { Button, buttonClass } from '../../ui/Button';
import { Notice } from '../../ui/Notice';
import { Page } from '../../ui/Page';
import { categoryLabel, LayerBadge, PhoneLink, ReachLine, Ruby, useFurigana } from './format';

type Summary = z.infer<typeof PublicServiceSummary>;
const CONTROL = 'block w-full rounded-8 border border-solid-gray-600 bg-white px-4 py-3 text-std-16N-170 text-solid-gray-900 hover:border-black';
const FILTERS = ['q', 'category', 'layer', 'area', 'openNow'] as const;

/** The public search: words, kind, layer, area and 「今開いている」, kept in the URL so a search can be shared and printed. */
export function DirectorySearchPage() {
  const { t, locale } = useI18n();
  const { search } = useLocation();
  const current = Object.fromEntries(FILTERS.map((k) => [k, search.get(k) ?? ''])) as Record<(typeof FILTERS)[number], string>;
  const [draft, setDraft] = useState(current);
  const key = query(current);
  useEffect(() => setDraft(Object.fromEntries(FILTERS.map((k) => [k, new URLSearchParams(key).get(k) ?? ''])) as typeof current), [key]);
  const results = useApi<z.infer<typeof PublicServiceList>>(`/api/public/services${query({ ...current, size: 100 })}`);
  const areas = useApi<z.infer<typeof PublicAreaList>>('/api/public/areas');
  const ids = useId();
  const d = t.directory;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    navigate(`/directory${query(draft)}`, { keepScroll: true });
  };
  const field = (name: (typeof FILTERS)[number]) => ({ id: `${ids}-${name}`, name, value: draft[name], onChange: (e: { target: { value: string } }) => setDraft({ ...draft, [name]: e.target.value }) });
  const areaItems = areas.data?.items ?? [];

  return (
    <Page title={d.searchTitle} lead={d.searchLead}>
      <div className="flex flex-wrap gap-3">
        <DisplaySettings />
      </div>
      <form role="search" aria-label={d.searchTitle} onSubmit={submit} className="flex flex-col gap-4 rounded-12 border border-solid-gray-420 bg-white p-4 print:hidden">
        <div className="flex flex-col gap-1">
          <label htmlFor={`${ids}-q`} className="text-std-16B-170">{d.searchLabel}</label>
          <p id={`${ids}-q-hint`} className="text-dns-14N-130 text-solid-gray-700">{d.searchHint}</p>
          <input type="search" autoComplete="off" aria-describedby={`${ids}-q-hint`} className={`${CONTROL} max-w-xl`} {...field('q')} />
        </div>
        <div className="grid grid-cols-1 gap-4 md:grid-cols-3">
          <div className="flex flex-col gap-1">
            <label htmlFor={`${ids}-category`} className="text-std-16B-170">{d.category}</label>
            <select className={CONTROL} {...field('category')}>
              <option value="">{d.any}</option>
              {SERVICE_CATEGORIES.map((c) => <option key={c} value={c}>{categoryLabel(c, locale)}</option>)}
            </select>
          </div>
          <div className="flex flex-col gap-1">
            <label htmlFor={`${ids}-layer`} className="text-std-16B-170">{d.layer}</label>
            <select className={CONTROL} {...field('layer')}>
              <option value="">{d.any}</option>
              {HELP_LAYERS.map((l) => <option key={l} value={l}>{t.directory.layerNames[l]}</option>)}
            </select>
          </div>
          <div className="flex flex-col gap-1">
            <label htmlFor={`${ids}-area`} className="text-std-16B-170">{d.area}</label>
            <select className={CONTROL} {...field('area')}>
              <option value="">{d.any}</option>
              {areaItems.filter((a) => a.tier === 'area').map((a) => (
                <optgroup key={a.id} label={locale === 'en' && a.nameEn ? a.nameEn : a.nameJa}>
                  <option value={a.id}>{locale === 'en' && a.nameEn ? a.nameEn : a.nameJa}</option>
                  {areaItems.filter((x) => x.parentId === a.id).map((x) => (
                    <option key={x.id} value={x.id}>{`${locale === 'en' && x.nameEn ? x.nameEn : x.nameJa}${x.towns.length ? `（${x.towns.join('・')}）` : ''}`}</option>
                  ))}
                </optgroup>
              ))}
            </select>
          </div>
        </div>
        <div className="flex items-start gap-3">
          <input id={`${ids}-openNow`} type="checkbox" name="openNow" checked={draft.openNow === 'true'} onChange={(e) => setDraft({ ...draft, openNow: e.target.checked ? 'true' : '' })} className="mt-1 size-6 shrink-0 accent-blue-900" />
          <label htmlFor={`${ids}-openNow`} className="text-std-16N-170">{d.openNow}</label>
        </div>
        <div className="flex flex-wrap gap-3">
          <Button type="submit">{d.search}</Button>
          <Link href="/directory" className={buttonClass('tertiary')}>{d.clear}</Link>
        </div>
      </form>

      <p role="status" aria-live="polite" className="text-std-16B-170 text-solid-gray-800" data-testid="directory-count">
        {results.loading ? d.searching : results.data ? (results.data.total === 0 ? d.noMatch : d.resultCount(results.data.total)) : ''}
      </p>
      {results.error ? <Notice tone="error">{results.error.message}</Notice> : null}
      {results.data && results.data.items.length > 0 ? (
        <ul aria-label={d.results} className="flex flex-col gap-3" data-testid="directory-results">
          {results.data.items.map((s) => <ResultItem key={s.id} s={s} />)}
        </ul>
      ) : null}
    </Page>
  );
}

function ResultItem({ s }: { s: Summary }) {
  const { t, locale } = useI18n();
  const on = useFurigana();
  const d = t.directory;
  return (
    <li className="flex flex-col gap-2 rounded-8 border border-solid-gray-420 bg-white p-4 break-inside-avoid" data-service-id={s.id}>
      <h2 className="text-std-20B-150">
        <Link href={`/directory/services/${s.id}`}>
          <Ruby text={s.name} reading={s.nameReading} on={on} />
        </Link>
      </h2>
      <p className="text-dns-16N-130 text-solid-gray-800">{s.organizationName}</p>
      <p className="flex flex-wrap gap-2">
        {s.isDemo ? <Badge tone="red">{d.demo}</Badge> : null}
        <LayerBadge layer={s.layer} locale={locale} />
        {s.categories.map((c) => <Badge key={c} tone="gray">{categoryLabel(c, locale)}</Badge>)}
        {/* 「今開いています」 only beside a number to call: hours alone reach nobody. */}
        {s.openNow && s.reach ? <Badge tone="green">{d.openNowBadge}</Badge> : null}
      </p>
      {s.easySummary ? <p className="text-std-16N-170" lang="ja">{s.easySummary}</p> : null}
      {s.phones.some((p) => p.type === 'voice') ? (
        s.phones.filter((p) => p.type === 'voice').map((p) => (
          <p key={p.number} className="flex flex-wrap items-baseline gap-2">
            <span className="text-dns-16B-130">{d.phone}</span>
            <PhoneLink number={p.number} label={d.call(p.number)} />
          </p>
        ))
      ) : (
        <ReachLine reach={s.reach} />
      )}
      {s.schedules.length > 0 ? (
        <ul className="text-dns-16N-130" aria-label={d.hours}>
          {s.schedules.map((h) => <li key={h.id}>{formatHours(h, locale)}</li>)}
        </ul>
      ) : null}
    </li>
  );
}
