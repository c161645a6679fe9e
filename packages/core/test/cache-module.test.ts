import { CacheModule, CacheProvider, CacheNotConfiguredError, CacheConfigError, CachetError } from '@cachet/core';
import { MemoryStore } from '@cachet/stores';

afterEach(() => CacheModule.reset());

describe('CacheModule', () => {
  it('configure registers the default provider; register adds named ones', () => {
    const main = CacheModule.configure({ store: new MemoryStore() });
    const shared = CacheModule.register('shared', { store: new MemoryStore(), namespace: 'shared' });
    expect(CacheModule.get()).toBe(main);
    expect(CacheModule.get('shared')).toBe(shared);
    expect(CacheModule.names().sort()).toEqual(['default', 'shared']);
  });

  it('accepts a ready provider', () => {
    const provider = new CacheProvider({ store: new MemoryStore() }, 'ready');
    expect(CacheModule.register('ready', provider)).toBe(provider);
  });

  it('get of an unknown provider throws CacheNotConfiguredError naming it and the fix', () => {
    expect(() => CacheModule.get('nope')).toThrow(CacheNotConfiguredError);
    expect(() => CacheModule.get('nope')).toThrow(/'nope' is not registered.*CacheModule\.register\('nope'/);
    try {
      CacheModule.get('nope');
    } catch (error) {
      expect(error).toBeInstanceOf(CachetError);
      expect((error as CachetError).code).toBe('CACHET_NOT_CONFIGURED');
      expect((error as Error).name).toBe('CacheNotConfiguredError');
    }
  });

  it('reset closes and forgets every provider', async () => {
    const provider = CacheModule.configure({ store: new MemoryStore() });
    await CacheModule.reset();
    expect(CacheModule.has()).toBe(false);
    expect(() => provider.getOrSet('k', () => 1)).toThrow(/closed/);
  });

  it('refuses a bad name', () => {
    expect(() => CacheModule.register('', { store: new MemoryStore() })).toThrow(CacheConfigError);
  });
});
