import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { enqueue, flush, loadOffline, saveOffline, sendWithApi, unsent, useOfflineDatabase } from '../../lib/outbox';
import { endsEvent, loadMyRegistrants, queueCheck, queuedStatuses } from './rollcall-store';

let n = 0;
beforeEach(() => {
  n++;
  useOfflineDatabase(`rollcall-test-${n}`);
});
afterEach(() => vi.unstubAllGlobals());

const person = { id: 'r1', name: '架空 一郎', address: '美祢市大嶺町東分1', phone: '0837-00-0000', lat: 34.1, lng: 131.2, mobility: '杖', latestStatus: 'unconfirmed' as const, latestAt: null };

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

/** A server answering the roll-call's GETs; `down` is no network at all. */
function server(opts: { down?: boolean; status?: 'active' | 'ended'; gone?: number; listFails?: boolean } = {}) {
  vi.stubGlobal('fetch', async (url: string) => {
    if (opts.down) throw new TypeError('Failed to fetch');
    if (opts.gone) return json(opts.gone, { code: 'not_found', message: 'ありません' });
    if (url.endsWith('/my-registrants') && opts.listFails) return json(500, { code: 'internal', message: 'エラー' });
    if (url.endsWith('/my-registrants')) return json(200, { disasterId: 'd1', status: opts.status ?? 'active', items: [{ ...person, extra: 'not kept' }] });
    if (url.endsWith('/api/evacuation/shelters')) return json(200, [{ id: 's1', name: '架空 公民館', kind: 'designated', districtUnitId: null, address: '', lat: null, lng: null }]);
    return json(200, { id: 'd1', name: '架空 大雨', status: opts.status ?? 'active' });
  });
}

describe('the roll-call list on the phone', () => {
  it('keeps the minimum of the server list (no field it does not need) and shows it with no signal', async () => {
    server();
    const online = await loadMyRegistrants('d1', 'me');
    expect(online).toMatchObject({ kind: 'list', offline: false, list: { disaster: { name: '架空 大雨' }, shelters: [{ id: 's1', name: '架空 公民館' }] } });
    const kept = await loadOffline<{ items: Record<string, unknown>[] }>('rollcall:d1:me');
    expect(Object.keys(kept!.value.items[0]!).sort()).toEqual(['address', 'id', 'lat', 'latestAt', 'latestStatus', 'lng', 'mobility', 'name', 'phone']);
    server({ down: true });
    expect(await loadMyRegistrants('d1', 'me')).toMatchObject({ kind: 'list', offline: true, list: { items: [{ id: 'r1' }] } });
    expect(await loadMyRegistrants('d2', 'me')).toEqual({ kind: 'none', offline: true });
  });

  it('statuses made offline are queued with their client id and shown over the server’s status until sent', async () => {
    const id = await queueCheck({ disasterId: 'd1', owner: 'me', registrant: person, status: 'safe_home', statusLabel: '無事（在宅）' });
    await queueCheck({ disasterId: 'd1', owner: 'me', registrant: person, status: 'evacuated', statusLabel: '避難所へ避難', shelterId: 's1' });
    const q = await queuedStatuses('d1', 'me');
    expect(q.get('r1')?.status).toBe('evacuated');
    const items = await unsent();
    expect(items).toHaveLength(2);
    expect(items[0]).toMatchObject({ clientRequestId: id, url: '/api/disasters/d1/checks', label: '架空 一郎 無事（在宅）', body: { registrantId: 'r1', status: 'safe_home', clientRequestId: id } });
    expect(items[1]!.body).toMatchObject({ shelterId: 's1' });
  });

  it('when the event has ended, the list and the unsent statuses of that event are forgotten (and nothing else)', async () => {
    server();
    await loadMyRegistrants('d1', 'me');
    await saveOffline('watch:list:me', [1]);
    await queueCheck({ disasterId: 'd1', owner: 'me', registrant: person, status: 'absent', statusLabel: '不在' });
    await enqueue({ clientRequestId: 'w1', url: '/api/watch/visits', body: {}, label: 'w', owner: 'me' });
    server({ status: 'ended' });
    expect(await loadMyRegistrants('d1', 'me')).toEqual({ kind: 'ended', dropped: 1 });
    expect(await loadOffline('rollcall:d1:me')).toBeNull();
    expect(await loadOffline('watch:list:me')).not.toBeNull();
    expect((await unsent()).map((i) => i.clientRequestId)).toEqual(['w1']);
  });

  it('an ended event decides even when the list itself fails to answer', async () => {
    server();
    await loadMyRegistrants('d1', 'me');
    server({ status: 'ended', listFails: true });
    expect(await loadMyRegistrants('d1', 'me')).toEqual({ kind: 'ended', dropped: 0 });
    server({ listFails: true });
    await expect(loadMyRegistrants('d1', 'me')).rejects.toThrow();
  });

  it('a 404 or 410 (the grant closed) forgets it too', async () => {
    server();
    await loadMyRegistrants('d1', 'me');
    server({ gone: 410 });
    expect(await loadMyRegistrants('d1', 'me')).toEqual({ kind: 'ended', dropped: 0 });
    expect(await loadOffline('rollcall:d1:me')).toBeNull();
  });

  it('a status refused because the event ended is recognised, a bad request is not', async () => {
    vi.stubGlobal('fetch', async () => new Response(JSON.stringify({ code: 'disaster_ended', message: '終了しています' }), { status: 409 }));
    await queueCheck({ disasterId: 'd1', owner: 'me', registrant: person, status: 'absent', statusLabel: '不在' });
    await flush(sendWithApi, 'me');
    const [item] = await unsent();
    expect(item).toMatchObject({ state: 'rejected', status: 409, code: 'disaster_ended' });
    expect(endsEvent(item!)).toBe(true);
    expect(endsEvent({ status: 400, code: 'validation_failed' })).toBe(false);
    expect(endsEvent({ status: 409, code: 'request_reused' })).toBe(false);
  });
});
