import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it } from 'vitest';
import { clearOffline, dismiss, enqueue, flush, loadOffline, type OutboxItem, pendingCount, purgeOffline, saveOffline, type SendResult, unsent, useOfflineDatabase } from './outbox';

let n = 0;
beforeEach(() => {
  n++;
  useOfflineDatabase(`outbox-test-${n}`);
});

const item = (id: string, at: number, owner = 'me') => ({ clientRequestId: id, url: '/api/watch/visits', body: { id }, label: id, createdAt: at, owner });

/** A server that stores each clientRequestId once, and a network that can be down. */
function fakeServer() {
  const stored = new Map<string, unknown>();
  const s = {
    online: true,
    loseAnswers: false,
    calls: [] as string[],
    stored,
    send: async (it: OutboxItem): Promise<SendResult> => {
      s.calls.push(it.clientRequestId);
      if (!s.online) return { ok: false, retry: true, error: 'offline' };
      if (!stored.has(it.clientRequestId)) stored.set(it.clientRequestId, it.body);
      if (s.loseAnswers) throw new Error('answer lost');
      return { ok: true };
    },
  };
  return s;
}

describe('the offline outbox', () => {
  it('keeps writes while offline, counts them, and sends them in the order they were made when the network returns', async () => {
    const server = fakeServer();
    server.online = false;
    for (let i = 0; i < 10; i++) await enqueue(item(`v${i}`, 1000 + i));
    expect(await pendingCount()).toBe(10);
    expect(await flush(server.send, 'me')).toEqual({ sent: 0, waiting: 10 });
    server.online = true;
    server.calls.length = 0;
    expect(await flush(server.send, 'me')).toEqual({ sent: 10, waiting: 0 });
    expect(server.calls).toEqual(Array.from({ length: 10 }, (_, i) => `v${i}`));
    expect(server.stored.size).toBe(10);
  });

  it('the same write made twice is kept once; a write whose answer was lost is sent again and still stored once', async () => {
    const server = fakeServer();
    await enqueue(item('a', 1));
    await enqueue(item('a', 2));
    expect(await pendingCount()).toBe(1);
    server.loseAnswers = true;
    await flush(server.send, 'me');
    expect(await pendingCount()).toBe(1);
    server.loseAnswers = false;
    await flush(server.send, 'me');
    expect(server.calls).toEqual(['a', 'a']);
    expect(server.stored.size).toBe(1);
    expect(await pendingCount()).toBe(0);
  });

  it('a write refused for good is kept as rejected with the reason (not lost, not blocking the rest) until dismissed', async () => {
    await enqueue(item('bad', 1));
    await enqueue(item('good', 2));
    const sent: string[] = [];
    await flush(async (it) => {
      if (it.clientRequestId === 'bad') return { ok: false, retry: false, error: '見守り計画は終了しています。' };
      sent.push(it.clientRequestId);
      return { ok: true };
    }, 'me');
    expect(sent).toEqual(['good']);
    const left = await unsent();
    expect(left).toMatchObject([{ clientRequestId: 'bad', state: 'rejected', error: '見守り計画は終了しています。' }]);
    expect(await pendingCount()).toBe(0);
    await dismiss('bad');
    expect(await unsent()).toEqual([]);
  });

  it('on a shared phone each account sends only its own writes', async () => {
    const server = fakeServer();
    await enqueue(item('mine', 1, 'me'));
    await enqueue(item('theirs', 2, 'someone-else'));
    await flush(server.send, 'me');
    expect([...server.stored.keys()]).toEqual(['mine']);
    expect((await unsent()).map((i) => i.clientRequestId)).toEqual(['theirs']);
  });

  it('a sign-in that ran out stops the round and keeps everything', async () => {
    await enqueue(item('x', 1));
    await enqueue(item('y', 2));
    await flush(async () => ({ ok: false, retry: true, stop: true, error: 'ログインしてください。' }), 'me');
    expect(await pendingCount()).toBe(2);
  });

  it('the offline cache keeps a value until sign-out clears it; pending writes survive a cache clear', async () => {
    await saveOffline('watch:mine', { items: [1, 2] });
    expect((await loadOffline<{ items: number[] }>('watch:mine'))?.value).toEqual({ items: [1, 2] });
    await enqueue(item('keep', 1));
    await clearOffline();
    expect(await loadOffline('watch:mine')).toBeNull();
    expect(await pendingCount()).toBe(1);
    await clearOffline({ outboxToo: true });
    expect(await pendingCount()).toBe(0);
  });

  it('a refusal keeps its HTTP status, so the roll-call knows the event is gone (410) from a bad request', async () => {
    await enqueue(item('late', 1));
    await flush(async () => ({ ok: false, retry: false, error: '災害対応は終了しています。', status: 410 }), 'me');
    expect(await unsent()).toMatchObject([{ clientRequestId: 'late', state: 'rejected', status: 410 }]);
  });

  it('purging one purpose forgets its cache and its writes and leaves the others alone (an ended disaster, not watch-over)', async () => {
    await saveOffline('rollcall:d1:me', { items: [1] });
    await saveOffline('rollcall:d2:me', { items: [2] });
    await saveOffline('watch:list:me', { items: [3] });
    await enqueue({ ...item('c1', 1), url: '/api/disasters/d1/checks' });
    await enqueue({ ...item('c2', 2), url: '/api/disasters/d2/checks' });
    await enqueue(item('w1', 3));
    expect(await purgeOffline({ keyPrefix: 'rollcall:d1:', urlPrefix: '/api/disasters/d1/' })).toBe(1);
    expect(await loadOffline('rollcall:d1:me')).toBeNull();
    expect(await loadOffline('rollcall:d2:me')).not.toBeNull();
    expect(await loadOffline('watch:list:me')).not.toBeNull();
    expect((await unsent()).map((i) => i.clientRequestId)).toEqual(['c2', 'w1']);
  });
});
