import { CacheStoreError } from '@cachet/core';
import type { CacheStore } from '@cachet/core';
import { ChaosStore, runStoreConformance, testEntry } from '@cachet/core/testing';
import { MapStore } from './map-store';

describe('ChaosStore', () => {
  describe('without chaos, is a conforming store', () => {
    runStoreConformance(it, () => new ChaosStore(new MapStore()));
  });

  it('alwaysThrow() fails every operation with a CacheStoreError until recover()', async () => {
    const chaos = new ChaosStore(new MapStore()).alwaysThrow();
    await expect(chaos.get('k')).rejects.toBeInstanceOf(CacheStoreError);
    await expect(chaos.set('k', testEntry(1))).rejects.toThrow('chaos(map).set: failure injected by ChaosStore');
    await expect(chaos.ping()).rejects.toBeInstanceOf(CacheStoreError);
    const scanning = (async () => {
      for await (const batch of chaos.scan('*')) void batch;
    })();
    await expect(scanning).rejects.toBeInstanceOf(CacheStoreError);
    chaos.recover();
    await chaos.set('k', testEntry(1));
    expect((await chaos.get('k'))?.value).toBe(1);
  });

  it('alwaysThrow(error) throws the given error', async () => {
    const boom = new Error('ECONNREFUSED');
    const chaos = new ChaosStore(new MapStore()).alwaysThrow(boom);
    await expect(chaos.has('k')).rejects.toBe(boom);
  });

  it('failNext(n) fails exactly the next n operations', async () => {
    const chaos = new ChaosStore(new MapStore()).failNext(2);
    await expect(chaos.get('a')).rejects.toThrow(CacheStoreError);
    await expect(chaos.delete(['a'])).rejects.toThrow(CacheStoreError);
    await expect(chaos.get('a')).resolves.toBeUndefined();
    expect(chaos.calls('get')).toBe(2);
    expect(chaos.calls()).toBe(3);
  });

  it('stall(ms) delays every operation', async () => {
    jest.useFakeTimers();
    try {
      const chaos = new ChaosStore(new MapStore()).stall(1_000);
      let done = false;
      const pending = chaos.get('k').then(() => (done = true));
      await jest.advanceTimersByTimeAsync(999);
      expect(done).toBe(false);
      await jest.advanceTimersByTimeAsync(1);
      await pending;
      expect(done).toBe(true);
    } finally {
      jest.useRealTimers();
    }
  });

  it('freeze() holds every operation until recover() releases it', async () => {
    const chaos = new ChaosStore(new MapStore()).freeze();
    let done = false;
    const pending = chaos.set('k', testEntry('v')).then(() => (done = true));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(done).toBe(false);
    chaos.recover();
    await pending;
    expect((await chaos.get('k'))?.value).toBe('v');
  });

  it('close() releases frozen operations and closes the inner store', async () => {
    const inner = new MapStore();
    const chaos = new ChaosStore(inner).freeze();
    const pending = chaos.get('k');
    await chaos.close();
    await expect(pending).resolves.toBeUndefined();
  });

  it('forwards the optional members the inner store has, and only those', () => {
    const chaos = new ChaosStore(new MapStore());
    expect(chaos.name).toBe('chaos(map)');
    expect(chaos.onEvict).toBeUndefined();
    expect(chaos.createTagIndex).toBeUndefined();
    expect((chaos as CacheStore).getSync).toBeUndefined();
  });
});
