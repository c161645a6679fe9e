import type { CacheEntry, CacheStore } from '@cachet/core';
import { ChaosStore, testEntry } from '@cachet/core/testing';
import { decodeMessage, encodeMessages, MemoryStore, TieredStore } from '@cachet/stores';
import type { TieredStoreOptions } from '@cachet/stores';
import { LocalBusHub } from './local-bus';

/** Lets queued microtasks and a few timer turns run (bus deliveries are asynchronous). */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

/** What `getFreshValueSync` is given to answer when L1 has no fresh copy. */
const MISS = Symbol('miss');

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 400 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
  expect(check()).toBe(true);
}

describe('TieredStore bus', () => {
  let hub: LocalBusHub;
  let l2: MemoryStore;
  const opened: TieredStore[] = [];

  /** A TieredStore on the hub, once its bus is up (until then L1 is bypassed). */
  async function instance(options: Partial<TieredStoreOptions> = {}): Promise<TieredStore> {
    const store = new TieredStore({ l1: new MemoryStore(), l2, bus: hub.bus(), ...options });
    opened.push(store);
    await store.ready();
    return store;
  }

  beforeEach(() => {
    hub = new LocalBusHub();
    l2 = new MemoryStore();
  });

  afterEach(async () => {
    await Promise.all(opened.splice(0).map((store) => store.close()));
  });

  it('messages carry a version, the sender and names — never values', () => {
    const [payload] = encodeMessages('me', 'keys', ['a', 'b', 'a']);
    expect(JSON.parse(payload)).toEqual({ v: 1, src: 'me', op: 'keys', items: ['a', 'b'] });
    // Version and sender first: an instance recognises its own messages by this start, without parsing them.
    expect(payload.startsWith('{"v":1,"src":"me",')).toBe(true);
    expect(encodeMessages('me', 'keys', Array.from({ length: 1_200 }, (_, i) => `k${i}`))).toHaveLength(3);
    expect(decodeMessage(payload)).toEqual({ kind: 'message', message: { v: 1, src: 'me', op: 'keys', items: ['a', 'b'] } });
    expect(decodeMessage('{"v":2,"src":"x","op":"keys","items":["a"]}').kind).toBe('foreign');
    expect(decodeMessage('not json').kind).toBe('malformed');
    expect(decodeMessage('{"v":1,"src":"x","op":"set","items":["a"],"value":1}').kind).toBe('malformed');
  });

  it('a one-item message (built without the general path) is the text the general path writes', () => {
    for (const op of ['keys', 'tags', 'patterns'] as const) {
      for (const item of ['a', 'app:user:1', 'quote " backslash \\ slash /', 'tab\tnew\nline', 'ünïcode 🗝', 'u\u2028sep']) {
        const [payload] = encodeMessages('me', op, [item]);
        expect(payload).toBe(JSON.stringify({ v: 1, src: 'me', op, items: [item] }));
        expect(decodeMessage(payload)).toEqual({ kind: 'message', message: { v: 1, src: 'me', op, items: [item] } });
      }
    }
  });

  it.each([
    ['delete', (a: TieredStore) => a.delete(['k'])],
    ['set', (a: TieredStore) => a.set('k', testEntry('newer'))],
    ['tag invalidation', (a: TieredStore) => a.onTagsInvalidated(['t'])],
    ['revoke', (a: TieredStore) => a.onRevoked('k*')],
    ['clear', (a: TieredStore) => a.clear()],
  ])('%s on one instance drops the L1 copy on the other', async (_, change) => {
    const [a, b] = await Promise.all([instance(), instance()]);
    await a.set('k', testEntry('v', { tags: ['t'] }));
    await settle();
    await b.get('k');
    expect(b.getSync('k')?.value).toBe('v');
    expect(b.getFreshValueSync('k', Date.now(), MISS)).toBe('v');
    await change(a);
    await settle();
    expect(b.getSync('k')).toBeUndefined();
    expect(b.getFreshValueSync('k', Date.now(), MISS)).toBe(MISS);
    expect(b.stats().bus.applied).toBeGreaterThan(0);
  });

  it('ignores its own messages, and counts foreign and malformed ones', async () => {
    const a = await instance();
    await a.set('k', testEntry('v'));
    hub.deliver('{"hello":"world"}');
    hub.deliver('\u0000garbage');
    await settle();
    expect(a.getSync('k')?.value).toBe('v');
    expect(a.stats().bus).toMatchObject({ own: 1, foreign: 1, malformed: 1, applied: 0, received: 3 });
  });

  it('bypasses L1 while the bus is down, and flushes it when the bus is back', async () => {
    const a = await instance();
    await a.set('k', testEntry('v'));
    hub.down();
    expect(a.stats().bus.state).toBe('down');
    expect(a.getSync('k')).toBeUndefined();
    expect(a.getFreshValueSync('k', Date.now(), MISS)).toBe(MISS);
    expect((await a.get('k'))?.value).toBe('v'); // from L2
    await a.set('k2', testEntry('v2')); // not copied into L1 while down
    hub.up();
    await a.ready();
    expect(a.stats().bus).toMatchObject({ state: 'up', resyncs: 1 });
    expect(a.getSync('k')).toBeUndefined(); // flushed: a message lost meanwhile cannot leave it stale
    expect(a.getSync('k2')).toBeUndefined();
    await a.get('k');
    expect(a.getSync('k')?.value).toBe('v');
    const hits = a.stats().l1Hits;
    expect(a.getFreshValueSync('k', Date.now(), MISS)).toBe('v');
    expect(a.stats().l1Hits).toBe(hits + 1);
  });

  it('while the bus is down and L2 fails, answers from the L1 copies it kept (fallbackToL1), and only from them', async () => {
    const chaos = new ChaosStore(l2);
    const errors: string[] = [];
    const a = await instance({ l2: chaos, onError: (error, { operation }) => errors.push(`${operation}: ${error.message}`) });
    await a.set('k', testEntry('v'));
    hub.down();
    chaos.alwaysThrow(new Error('redis gone'));
    expect(a.getSync('k')).toBeUndefined(); // L1 is still bypassed first: L2 might know better
    expect((await a.get('k'))?.value).toBe('v'); // L2 failed: the copy answers
    expect(a.stats()).toMatchObject({ l1Fallbacks: 1, l2Hits: 0 });
    expect(errors.some((line) => line.startsWith('l2.read:') && line.includes('redis gone'))).toBe(true);
    // A batch with a key that has no copy fails as a whole, so the caller's fail-open path runs and sees the error.
    await expect(a.getMany(['k', 'nothing'])).rejects.toThrow('redis gone');
    await expect(a.get('nothing')).rejects.toThrow('redis gone');
    // L2 answering again: it is asked first, copies or not.
    chaos.recover();
    await l2.set('k', testEntry('v2'));
    expect((await a.get('k'))?.value).toBe('v2');
    hub.up();
    await a.ready();
    expect(a.getSync('k')).toBeUndefined(); // flushed on resync, as before
  });

  it('with fallbackToL1: false an L2 failure is never covered by an L1 copy', async () => {
    const chaos = new ChaosStore(l2);
    const a = await instance({ l2: chaos, fallbackToL1: false, onError: () => undefined });
    await a.set('k', testEntry('v'));
    hub.down();
    chaos.alwaysThrow(new Error('redis gone'));
    await expect(a.get('k')).rejects.toThrow('redis gone');
    expect(a.stats().l1Fallbacks).toBe(0);
  });

  it('does not copy an L2 read into L1 when an invalidation overtook it', async () => {
    const slow = new SlowStore(l2);
    const [a, b] = await Promise.all([instance(), instance({ l2: slow })]);
    await a.set('k', testEntry('old'));
    slow.hold = true;
    const reading = b.get('k'); // reads L2 before the delete…
    await settle();
    await a.delete(['k']);
    await settle(); // …the delete's message reaches b…
    slow.release(); // …and only then does the old value come back
    expect((await reading)?.value).toBe('old');
    expect(b.getSync('k')).toBeUndefined();
    expect(b.stats().fillsSkipped).toBe(1);
  });

  it('does not copy a batch read from L2 into L1 when an invalidation overtook it', async () => {
    const slow = new SlowStore(l2);
    const [a, b] = await Promise.all([instance(), instance({ l2: slow })]);
    await a.set('k', testEntry('old'));
    slow.hold = true;
    const reading = b.getMany(['k']);
    await settle();
    await a.delete(['k']);
    await settle();
    slow.release();
    expect((await reading)[0]?.value).toBe('old');
    expect(b.getSync('k')).toBeUndefined();
    expect(b.stats().fillsSkipped).toBe(1);
  });

  it('queues failed publishes, retries them, and reports each failure', async () => {
    const errors: string[] = [];
    const [a, b] = await Promise.all([instance({ onError: (_, { operation }) => errors.push(operation) }), instance()]);
    await a.set('k', testEntry('v'));
    await settle();
    await b.get('k');
    hub.failing = true;
    await expect(a.delete(['k'])).resolves.toBe(1); // a bus failure never fails the call
    expect(a.stats().bus).toMatchObject({ publishFailures: 1, queued: 1 });
    expect(b.getSync('k')?.value).toBe('v');
    hub.failing = false;
    await until(() => b.getSync('k') === undefined);
    expect(a.stats().bus).toMatchObject({ retried: 1, queued: 0 });
    expect(errors).toContain('bus.publish');
  });

  it('replaces an overflowing queue by one flush message, so nothing is dropped silently', async () => {
    const errors: string[] = [];
    const [a, b] = await Promise.all([instance({ maxPendingMessages: 3, onError: (_, { operation }) => errors.push(operation) }), instance()]);
    await b.set('other', testEntry('x'));
    await b.set('k0', testEntry('x'));
    hub.failing = true;
    for (let i = 0; i < 6; i++) await a.delete([`k${i}`]);
    expect(a.stats().bus).toMatchObject({ overflows: 1, queued: 1, subsumed: 2 });
    expect(errors).toContain('bus.overflow');
    expect(b.getSync('other')?.value).toBe('x');
    hub.failing = false;
    await until(() => b.getSync('other') === undefined); // the flush reached b: its whole L1 is gone
  });

  it('close() unsubscribes from a bus it was given without closing it, and reports undelivered messages', async () => {
    const errors: string[] = [];
    const bus = hub.bus();
    const a = new TieredStore({ l1: new MemoryStore(), l2, bus, onError: (_, { operation }) => errors.push(operation) });
    expect(hub.subscribers).toBe(1);
    hub.failing = true;
    await a.delete(['k']);
    await a.close();
    expect(bus.closed).toBe(false);
    expect(hub.subscribers).toBe(0);
    expect(errors).toEqual(['bus.publish', 'bus.undelivered']);
  });
});

/** Wraps a store so that `get` / `getMany` can be held back, to order a read against an invalidation. */
class SlowStore implements CacheStore {
  readonly name = 'slow';
  hold = false;
  private waiting: Array<() => void> = [];

  constructor(private readonly inner: CacheStore) {}

  release(): void {
    this.hold = false;
    this.waiting.splice(0).forEach((go) => go());
  }

  private async gate(): Promise<void> {
    if (this.hold) await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  async get(key: string) {
    const entry = await this.inner.get(key); // read now… (TieredStore.get reads one key with `get`)
    await this.gate(); // …answer later
    return entry;
  }
  async getMany(keys: readonly string[]) {
    const entries = await this.inner.getMany(keys); // read now…
    await this.gate(); // …answer later
    return entries;
  }
  set(key: string, entry: CacheEntry) {
    return this.inner.set(key, entry);
  }
  setMany(items: ReadonlyArray<readonly [string, CacheEntry]>) {
    return this.inner.setMany(items);
  }
  delete(keys: readonly string[]) {
    return this.inner.delete(keys);
  }
  has(key: string) {
    return this.inner.has(key);
  }
  scan(pattern: string) {
    return this.inner.scan(pattern);
  }
  clear() {
    return this.inner.clear();
  }
  close() {
    return this.inner.close();
  }
}
