import { useState, type FormEvent } from 'react';
import type { z } from 'zod';
import type { HazardImportResult, Worklist } from '../../../core/contracts/evacuation';
import { api, ApiError, query } from '../../lib/api';
import { useI18n } from '../../lib/i18n';
import { Link, navigate, useLocation } from '../../lib/router';
import { useSession } from '../../lib/session';
import { useApi } from '../../lib/useApi';
import { Button } from '../../ui/Button';
import { Notice } from '../../ui/Notice';
import { Loading, Page, Section, TableScroll, TD, TH } from '../../ui/Page';
import { codeLabel } from './format';
import { useDistricts } from './RegistryPage';

type Result = z.infer<typeof HazardImportResult>;

/**
 * Priority from hazard areas (issue #12 §4): the city imports its hazard polygons as GeoJSON (the
 * server tests every registrant's point with a kept geometry library), and the worklist shows the
 * registrants in hazard areas, highest priority (hazard × condition) first.
 */
export function HazardsPage() {
  const { t, locale } = useI18n();
  const h = t.evacuation.hazards;
  const { can } = useSession();
  const { search } = useLocation();
  const district = search.get('district') ?? '';
  const list = useApi<z.infer<typeof Worklist>>(`/api/evacuation/worklist${query({ district, limit: 100 })}`);
  const districts = useDistricts();
  const [draft, setDraft] = useState(district);
  return (
    <Page title={h.title} lead={h.lead}>
      {can('evacuation.configure') ? <ImportForm onImported={() => list.reload()} /> : null}
      <Section title={h.worklist} id="worklist">
        <form role="search" aria-label={h.worklist} onSubmit={(e) => { e.preventDefault(); navigate(`/evacuation/hazards${query({ district: draft })}`, { keepScroll: true }); }} className="flex flex-wrap items-end gap-3">
          <div className="flex flex-col gap-1">
            <label htmlFor="worklist-district" className="text-std-16B-170">{t.evacuation.registry.district}</label>
            <select id="worklist-district" value={draft} onChange={(e) => setDraft(e.target.value)} className="block w-full max-w-xs appearance-auto rounded-8 border border-solid-gray-600 bg-white px-4 py-3 text-std-16N-170">
              <option value="">{t.evacuation.registry.allDistricts}</option>
              {districts.map((d) => <option key={d.id} value={d.id}>{d.name}</option>)}
            </select>
          </div>
          <Button type="submit" variant="secondary">{t.evacuation.registry.filter}</Button>
        </form>
        {list.loading && !list.data ? <Loading /> : null}
        {list.error ? <Notice tone="error">{list.error.message}</Notice> : null}
        {list.data && list.data.items.length === 0 ? <p className="text-std-16N-170">{h.none}</p> : null}
        {list.data && list.data.items.length > 0 ? (
          <TableScroll label={h.worklist}>
            <table className="w-full border-collapse" data-testid="worklist">
              <thead>
                <tr>{[h.priority, t.evacuation.registry.col.name, t.evacuation.registry.col.district, h.kinds, t.evacuation.registry.col.reasons, t.evacuation.registry.col.plan].map((c) => <th key={c} scope="col" className={TH}>{c}</th>)}</tr>
              </thead>
              <tbody>
                {list.data.items.map((x) => (
                  <tr key={x.id}>
                    <td className={TD}>{x.priority ?? '—'}</td>
                    <th scope="row" className={`${TD} text-left`}><Link href={`/evacuation/registrants/${encodeURIComponent(x.id)}`}>{x.name}</Link></th>
                    <td className={TD}>{x.districtName}</td>
                    <td className={TD}>{x.hazards.map((k) => codeLabel('hazardKind', k, locale)).join('、')}</td>
                    <td className={TD}>{x.reasons.map((r) => codeLabel('reason', r.code, locale)).join('、')}</td>
                    <td className={TD}>{x.hasPlan ? t.evacuation.registry.hasPlan : t.evacuation.registry.noPlan}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        ) : null}
      </Section>
    </Page>
  );
}

/** A GeoJSON file → the server; what it found is said in numbers. */
function ImportForm({ onImported }: { onImported(): void }) {
  const { t, locale } = useI18n();
  const h = t.evacuation.hazards;
  const [file, setFile] = useState<File | null>(null);
  const [result, setResult] = useState<Result | null>(null);
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    setResult(null);
    if (!file) return setError(h.chooseFile);
    let body: unknown;
    try {
      body = JSON.parse(await file.text());
    } catch {
      return setError(h.notJson);
    }
    try {
      setResult(await api.post<Result>('/api/evacuation/hazards/import', body));
      onImported();
    } catch (err) {
      setError(err instanceof ApiError ? [err.message, ...err.issues.slice(0, 3).map((i) => `${i.path.join('.')}：${i.message ?? i.code}`)].join(' ') : String(err));
    }
  };
  return (
    <Section title={h.importTitle} id="import">
      <form onSubmit={submit} noValidate className="flex max-w-2xl flex-col gap-3">
        <p className="text-std-16N-170">{h.importLead}</p>
        <label htmlFor="hazard-file" className="text-std-16B-170">{h.file}</label>
        <p id="hazard-file-hint" className="text-dns-14N-130 text-solid-gray-700">{h.fileHint}</p>
        <input id="hazard-file" type="file" accept=".geojson,.json,application/geo+json,application/json" aria-describedby="hazard-file-hint" onChange={(e) => setFile(e.target.files?.[0] ?? null)} className="text-std-16N-170" />
        <div><Button type="submit">{h.import}</Button></div>
        {error ? <Notice tone="error">{error}</Notice> : null}
        {result ? (
          <Notice tone="success" title={h.imported(result.features)}>
            <p>{h.tested(result.registrantsTested, result.registrantsInHazard, result.withoutPoint)}</p>
            <p>{Object.entries(result.byKind).map(([k, n]) => `${codeLabel('hazardKind', k, locale)} ${n}`).join('、')}</p>
          </Notice>
        ) : null}
      </form>
    </Section>
  );
}
