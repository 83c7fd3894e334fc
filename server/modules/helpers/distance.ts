import { straightKm } from '../../../core/helpers/slots';

/**
 * How far each helper is from a request. Without a routing service (the default) it is the
 * straight line × a road factor (HELPERS_ROAD_FACTOR, 1.3: Mine's roads wind through valleys).
 * With HELPERS_ROUTING_URL it asks an OSRM-compatible `table` service for road distances of the
 * nearest helpers by straight line, and falls back to the estimate if the service does not answer
 * in time — a slow map must never stop a coordinator from finding a driver.
 */
export interface Point {
  lat: number;
  lon: number;
}

export interface DistanceSettings {
  roadFactor: number;
  routingUrl: string;
  /** How long to wait for the routing service. */
  timeoutMs?: number;
}

export interface Distances {
  method: 'straight_line' | 'routing';
  /** Road km of each helper by id; a helper without a position has none. */
  km: Map<string, number>;
}

/** At most this many helpers (nearest first) are sent to the routing service. */
const ROUTED = 50;

export async function distancesFrom(origin: Point | null, helpers: readonly ({ id: string } & Partial<Point>)[], s: DistanceSettings): Promise<Distances> {
  const km = new Map<string, number>();
  if (!origin) return { method: 'straight_line', km };
  const placed = helpers.filter((h): h is { id: string } & Point => typeof h.lat === 'number' && typeof h.lon === 'number');
  for (const h of placed) km.set(h.id, straightKm(origin, h) * s.roadFactor);
  if (!s.routingUrl || placed.length === 0) return { method: 'straight_line', km };
  const nearest = [...placed].sort((a, b) => km.get(a.id)! - km.get(b.id)!).slice(0, ROUTED);
  const routed = await routeTable(s.routingUrl, origin, nearest, s.timeoutMs ?? 2000);
  if (!routed) return { method: 'straight_line', km };
  nearest.forEach((h, i) => {
    const metres = routed[i];
    if (typeof metres === 'number' && Number.isFinite(metres)) km.set(h.id, metres / 1000);
  });
  return { method: 'routing', km };
}

/** One OSRM `table` request from the origin to each point; the distances in metres, or null when the service fails. */
export async function routeTable(base: string, origin: Point, points: readonly Point[], timeoutMs: number): Promise<(number | null)[] | null> {
  const coords = [origin, ...points].map((p) => `${p.lon.toFixed(6)},${p.lat.toFixed(6)}`).join(';');
  const url = `${base}/table/v1/driving/${coords}?sources=0&annotations=distance`;
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    if (!res.ok) return null;
    const body = (await res.json()) as { code?: string; distances?: (number | null)[][] };
    const row = body.code === 'Ok' ? body.distances?.[0] : undefined;
    return row && row.length === points.length + 1 ? row.slice(1) : null;
  } catch {
    return null;
  }
}
