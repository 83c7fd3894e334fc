import type { z } from 'zod';
import type { Progress } from '../../../core/contracts/evacuation';
import { useI18n } from '../../lib/i18n';
import { useLocation } from '../../lib/router';
import { useApi } from '../../lib/useApi';
import { Button } from '../../ui/Button';
import { Notice } from '../../ui/Notice';
import { Loading, Page, Section, TableScroll, TD, TH } from '../../ui/Page';
import { statusLabel, when } from './format';
import { type MapPoint, PointsMap } from './PointsMap';
import { CHECK_STATUSES, type Disaster, type Shelter } from './types';

type ProgressShape = z.infer<typeof Progress> & {
  /** Registrants' positions with their newest status, when the server sends them (no names). */
  points?: MapPoint[];
  /** A `{z}/{x}/{y}` tile URL template and its attribution, when the municipality configured one. */
  map?: { tileUrl: string | null; attribution: string | null };
};

/**
 * 安否確認の状況 (issue #12 §6): counts by district and by shelter as tables (the newest report of
 * each registrant), and the same on a map — SVG over configured tiles, or on its own without them.
 */
export function ProgressPage() {
  const { t, locale } = useI18n();
  const p = t.evacuation.progress;
  const { pathname } = useLocation();
  const id = decodeURIComponent(pathname.split('/')[2] ?? '');
  const disaster = useApi<Disaster>(`/api/disasters/${encodeURIComponent(id)}`);
  const progress = useApi<ProgressShape>(`/api/disasters/${encodeURIComponent(id)}/progress`);
  const shelters = useApi<Shelter[] | { items: Shelter[] }>('/api/evacuation/shelters');
  const shelterList = shelters.data ? (Array.isArray(shelters.data) ? shelters.data : shelters.data.items) : [];
  const name = disaster.data?.name ?? '';
  const data = progress.data;
  const points: MapPoint[] = data?.points ?? [];
  const cols = CHECK_STATUSES.map((s) => statusLabel(s, locale));
  return (
    <Page title={p.title(name)} lead={p.lead}>
      <div className="flex flex-wrap items-center gap-3">
        <Button variant="secondary" onClick={() => progress.reload()}>{p.reload}</Button>
        <span className="text-std-16N-170">{p.asOf(when(new Date().toISOString(), locale))}</span>
      </div>
      {progress.loading && !data ? <Loading /> : null}
      {progress.error ? <Notice tone="error">{progress.error.message}</Notice> : null}
      {data ? (
        <>
          <Section title={p.byDistrict} id="by-district">
            <TableScroll label={p.byDistrict}>
              <table className="w-full border-collapse" data-testid="progress-districts">
                <thead>
                  <tr>
                    <th scope="col" className={TH}>{p.district}</th>
                    {cols.map((c) => <th key={c} scope="col" className={`${TH} text-right`}>{c}</th>)}
                    <th scope="col" className={`${TH} text-right`}>{p.total}</th>
                  </tr>
                </thead>
                <tbody>
                  {data.byDistrict.map((row) => (
                    <tr key={row.districtUnitId}>
                      <th scope="row" className={`${TD} text-left`}>{row.name}</th>
                      {CHECK_STATUSES.map((s) => <td key={s} className={`${TD} text-right`}>{row.counts[s] ?? 0}</td>)}
                      <td className={`${TD} text-right`}>{row.total}</td>
                    </tr>
                  ))}
                  <tr>
                    <th scope="row" className={`${TD} text-left font-bold`}>{p.total}</th>
                    {CHECK_STATUSES.map((s) => <td key={s} className={`${TD} text-right font-bold`}>{data.counts[s] ?? 0}</td>)}
                    <td className={`${TD} text-right font-bold`}>{data.total}</td>
                  </tr>
                </tbody>
              </table>
            </TableScroll>
          </Section>
          <Section title={p.byShelter} id="by-shelter">
            {data.byShelter.length === 0 ? <p className="text-std-16N-170">{p.noShelter}</p> : (
              <TableScroll label={p.byShelter}>
                <table className="w-full border-collapse" data-testid="progress-shelters">
                  <thead>
                    <tr>
                      <th scope="col" className={TH}>{p.shelter}</th>
                      <th scope="col" className={`${TH} text-right`}>{p.evacuatedCount}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.byShelter.map((row) => (
                      <tr key={row.shelterId}>
                        <th scope="row" className={`${TD} text-left`}>{row.name}</th>
                        <td className={`${TD} text-right`}>{row.count}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </TableScroll>
            )}
          </Section>
          <Section title={p.map} id="map">
            <p className="text-std-16N-170">{p.mapLead}</p>
            <PointsMap points={points} shelters={shelterList.flatMap((s) => (s.lat !== null && s.lng !== null ? [{ id: s.id, name: s.name, lat: s.lat, lng: s.lng, count: data.byShelter.find((b) => b.shelterId === s.id)?.count ?? 0 }] : []))} tileUrl={data.map?.tileUrl ?? null} attribution={data.map?.attribution ?? null} />
          </Section>
        </>
      ) : null}
    </Page>
  );
}
