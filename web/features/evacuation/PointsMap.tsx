import type { Locale } from '../../../core/errors';
import { useI18n } from '../../lib/i18n';
import { STATUS_FILL, statusLabel } from './format';
import { CHECK_STATUSES, type CheckStatus } from './types';

export interface MapPoint {
  id: string;
  lat: number;
  lng: number;
  status: CheckStatus;
}

/** A shelter with how many have gone there (a square with the number). */
export interface MapShelter {
  id: string;
  name: string;
  lat: number;
  lng: number;
  count: number;
}

const SIZE = { w: 640, h: 420 };
const TILE = 256;

/** Web Mercator: longitude/latitude to world pixels at zoom z. */
function project(lat: number, lng: number, z: number): { x: number; y: number } {
  const s = TILE * 2 ** z;
  const sin = Math.sin((Math.max(-85, Math.min(85, lat)) * Math.PI) / 180);
  return { x: ((lng + 180) / 360) * s, y: (0.5 - Math.log((1 + sin) / (1 - sin)) / (4 * Math.PI)) * s };
}

/** The largest zoom (≤ 16) at which every point fits the box with a margin. */
function fitZoom(points: readonly { lat: number; lng: number }[]): number {
  for (let z = 16; z > 3; z--) {
    const ps = points.map((p) => project(p.lat, p.lng, z));
    const w = Math.max(...ps.map((p) => p.x)) - Math.min(...ps.map((p) => p.x));
    const h = Math.max(...ps.map((p) => p.y)) - Math.min(...ps.map((p) => p.y));
    if (w <= SIZE.w * 0.85 && h <= SIZE.h * 0.85) return z;
  }
  return 3;
}

/** The tiles under the view, as `<image>` elements of a configured `{z}/{x}/{y}` URL template. */
function tilesFor(tileUrl: string, z: number, left: number, top: number) {
  const out: { key: string; href: string; x: number; y: number }[] = [];
  const n = 2 ** z;
  for (let tx = Math.floor(left / TILE); tx * TILE < left + SIZE.w; tx++) {
    for (let ty = Math.floor(top / TILE); ty * TILE < top + SIZE.h; ty++) {
      if (ty < 0 || ty >= n) continue;
      const wx = ((tx % n) + n) % n;
      out.push({ key: `${tx}/${ty}`, href: tileUrl.replace('{z}', String(z)).replace('{x}', String(wx)).replace('{y}', String(ty)), x: tx * TILE - left, y: ty * TILE - top });
    }
  }
  return out;
}

/**
 * The registrants' positions coloured by status (issue #12 §6), drawn as SVG in Web Mercator.
 * With a tile URL template (`https://…/{z}/{x}/{y}.png`, configured for the municipality) the
 * map tiles are laid underneath; without one, the page still shows where people are relative
 * to each other (and the table beside it says the same in numbers). Names are never drawn.
 */
export function PointsMap({ points, shelters = [], tileUrl, attribution }: { points: readonly MapPoint[]; shelters?: readonly MapShelter[]; tileUrl?: string | null; attribution?: string | null }) {
  const { t, locale } = useI18n();
  const p = t.evacuation.progress;
  const all = [...points, ...shelters];
  if (all.length === 0) return <p className="text-std-16N-170">{p.mapNoPoints}</p>;
  const z = fitZoom(all);
  const xy = all.map((pt) => project(pt.lat, pt.lng, z));
  const cx = (Math.min(...xy.map((q) => q.x)) + Math.max(...xy.map((q) => q.x))) / 2;
  const cy = (Math.min(...xy.map((q) => q.y)) + Math.max(...xy.map((q) => q.y))) / 2;
  const left = cx - SIZE.w / 2;
  const top = cy - SIZE.h / 2;
  const at = (lat: number, lng: number) => {
    const q = project(lat, lng, z);
    return { x: q.x - left, y: q.y - top };
  };
  const tiles = tileUrl ? tilesFor(tileUrl, z, left, top) : [];
  return (
    <figure className="flex flex-col gap-2">
      <svg viewBox={`0 0 ${SIZE.w} ${SIZE.h}`} role="img" aria-label={p.mapLabel(points.length, shelters.length)} className="h-auto w-full max-w-3xl rounded-8 border border-solid-gray-420 bg-solid-gray-50" data-testid="points-map">
        {tiles.map((tile) => <image key={tile.key} href={tile.href} x={tile.x} y={tile.y} width={TILE} height={TILE} />)}
        {tiles.length === 0 ? <Graticule /> : null}
        {shelters.map((s) => {
          const q = at(s.lat, s.lng);
          return (
            <g key={`s-${s.id}`}>
              <rect x={q.x - 11} y={q.y - 11} width={22} height={22} fill="#ffffff" stroke="#0031d8" strokeWidth={3} />
              <text x={q.x} y={q.y + 5} textAnchor="middle" fontSize={14} fontWeight={700} fill="#00118f">{s.count}</text>
              <text x={q.x + 15} y={q.y + 5} fontSize={13} fill="#1a1a1a">{s.name}</text>
            </g>
          );
        })}
        {points.map((pt) => {
          const q = at(pt.lat, pt.lng);
          return (
            <circle key={pt.id} cx={q.x} cy={q.y} r={6} fill={STATUS_FILL[pt.status]} stroke="#1a1a1a" strokeWidth={1.5}>
              <title>{statusLabel(pt.status, locale)}</title>
            </circle>
          );
        })}
      </svg>
      <figcaption className="flex flex-col gap-1">
        <Legend locale={locale} shelters={shelters.length > 0} />
        {tiles.length > 0 && attribution ? <span className="text-dns-14N-130 text-solid-gray-800">{attribution}</span> : null}
      </figcaption>
    </figure>
  );
}

/** A light grid so the points have something to sit on when no tiles are configured. */
function Graticule() {
  const lines = [];
  for (let x = 80; x < SIZE.w; x += 80) lines.push(<line key={`x${x}`} x1={x} y1={0} x2={x} y2={SIZE.h} stroke="#d9d9d9" strokeWidth={1} />);
  for (let y = 70; y < SIZE.h; y += 70) lines.push(<line key={`y${y}`} x1={0} y1={y} x2={SIZE.w} y2={y} stroke="#d9d9d9" strokeWidth={1} />);
  return <g aria-hidden="true">{lines}</g>;
}

function Legend({ locale, shelters }: { locale: Locale; shelters: boolean }) {
  const { t } = useI18n();
  return (
    <ul aria-label={t.evacuation.progress.legend} className="flex flex-wrap gap-x-4 gap-y-1 text-dns-14N-130">
      {shelters ? (
        <li className="flex items-center gap-1">
          <svg width="14" height="14" aria-hidden="true"><rect x="1" y="1" width="12" height="12" fill="#ffffff" stroke="#0031d8" strokeWidth="2" /></svg>
          {t.evacuation.progress.shelterMark}
        </li>
      ) : null}
      {CHECK_STATUSES.map((s) => (
        <li key={s} className="flex items-center gap-1">
          <svg width="14" height="14" aria-hidden="true"><circle cx="7" cy="7" r="6" fill={STATUS_FILL[s]} stroke="#1a1a1a" strokeWidth="1.5" /></svg>
          {statusLabel(s, locale)}
        </li>
      ))}
    </ul>
  );
}
