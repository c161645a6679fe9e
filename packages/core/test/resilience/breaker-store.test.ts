import { BreakerStore, CacheConfigError, CircuitBreaker, CircuitOpenError, CacheStoreError } from '@cachet/core';
import { ChaosStore, testEntry } from '@cachet/core/testing';
import { MapStore } from '../testing/map-store';

describe('CircuitBreaker with a ChaosStore (fake timers)', () => {
  beforeEach(() => jest.useFakeTimers({ now: 1_000_000 }));
  afterEach(() => jest.useRealTimers());

  function setup(options = { failureThreshold: 3, cooldown: '1s' }) {
    const chaos = new ChaosStore(new MapStore());
    return { chaos, store: new BreakerStore(chaos, options) };
  }

  it('opens after failureThreshold consecutive failures; then refuses without calling the store', async () => {
    const { chaos, store } = setup();
    chaos.alwaysThrow();
    for (let i = 0; i < 3; i++) await expect(store.get('k')).rejects.toThrow('failure injected');
    expect(store.breaker.state).toBe('open');
    const before = chaos.calls();
    const error = await store.get('k').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CircuitOpenError);
    expect(error).toBeInstanceOf(CacheStoreError);
    expect((error as Error).message).toContain("circuit breaker of 'chaos(map)' is open");
    expect(chaos.calls()).toBe(before);
  });

  it('a success in between resets the count', async () => {
    const { chaos, store } = setup();
    chaos.failNext(2);
    await expect(store.get('a')).rejects.toThrow();
    await expect(store.get('a')).rejects.toThrow();
    await store.get('a');
    chaos.failNext(2);
    await expect(store.get('a')).rejects.toThrow();
    await expect(store.get('a')).rejects.toThrow();
    expect(store.breaker.state).toBe('closed');
  });

  it('lets exactly one probe through per cool-down; a failed probe re-opens, a good one closes', async () => {
    const { chaos, store } = setup();
    chaos.alwaysThrow();
    for (let i = 0; i < 3; i++) await expect(store.get('k')).rejects.toThrow();
    jest.advanceTimersByTime(999);
    await expect(store.get('k')).rejects.toBeInstanceOf(CircuitOpenError);
    jest.advanceTimersByTime(1);
    const calls = chaos.calls();
    await expect(store.get('k')).rejects.toThrow('failure injected'); // the probe reached the store
    expect(chaos.calls()).toBe(calls + 1);
    expect(store.breaker.state).toBe('open');
    jest.advanceTimersByTime(1_000);
    chaos.recover();
    chaos.freeze();
    const probe = store.set('k', testEntry('v'));
    await expect(store.get('k')).rejects.toBeInstanceOf(CircuitOpenError); // half-open: the probe is out
    expect(store.breaker.state).toBe('half-open');
    chaos.recover();
    await probe;
    expect(store.breaker.state).toBe('closed');
    expect((await store.get('k'))?.value).toBe('v');
    expect(store.breaker.stats()).toMatchObject({ opens: 2, probes: 2 });
  });

  it('a probe that never settles is given up after a cool-down', async () => {
    const { chaos, store } = setup();
    chaos.alwaysThrow();
    for (let i = 0; i < 3; i++) await expect(store.get('k')).rejects.toThrow();
    jest.advanceTimersByTime(1_000);
    chaos.recover().freeze();
    void store.get('k').catch(() => undefined); // hangs
    jest.advanceTimersByTime(1_000);
    chaos.recover();
    await expect(store.get('k')).resolves.toBeUndefined();
    expect(store.breaker.state).toBe('closed');
  });

  it('bad input never opens it; probeSoon and alive shorten an outage', async () => {
    const breaker = new CircuitBreaker('b', { failureThreshold: 1, cooldown: '1m' });
    await expect(breaker.run('x', () => Promise.reject(new CacheConfigError('bad')))).rejects.toThrow('bad');
    expect(breaker.state).toBe('closed');
    await expect(breaker.run('x', () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    expect(breaker.state).toBe('open');
    breaker.probeSoon();
    expect(breaker.acquire('x').probe).toBe(true);
    breaker.alive();
    expect(breaker.state).toBe('closed');
  });

  it('validates its options', () => {
    expect(() => new CircuitBreaker('b', { failureThreshold: 0 })).toThrow(CacheConfigError);
    expect(() => new CircuitBreaker('b', { cooldown: 'soon' })).toThrow(CacheConfigError);
    expect(() => new CircuitBreaker('b', { nope: 1 } as never)).toThrow("unknown option 'nope'");
  });
});
