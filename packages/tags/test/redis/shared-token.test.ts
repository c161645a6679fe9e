import { SharedToken, TOKEN_REUSE_MS } from '../../src/redis/shared-token';

/** A token source that answers when told to, numbering its tokens 1, 2, … */
function source() {
  const waiting: Array<(token: number) => void> = [];
  let issued = 0;
  const next = jest.fn(() => new Promise<number>((resolve) => waiting.push(resolve)));
  const answer = () => waiting.shift()?.(++issued);
  return { next, answer };
}

describe('SharedToken', () => {
  beforeEach(() => jest.useFakeTimers({ now: 1_000_000 }));
  afterEach(() => jest.useRealTimers());

  it('hands loads that start while a request is on its way, or within the reuse window, the same token', async () => {
    const { next, answer } = source();
    const shared = new SharedToken(next);
    const first = shared.take();
    const second = shared.take();
    answer();
    expect(await Promise.all([first, second])).toEqual([1, 1]);
    jest.advanceTimersByTime(TOKEN_REUSE_MS);
    expect(await shared.take()).toBe(1);
    expect(next).toHaveBeenCalledTimes(1);
  });

  it('asks again once the token is older than the window, counted from when it was asked for', async () => {
    const { next, answer } = source();
    const shared = new SharedToken(next);
    const first = shared.take();
    jest.advanceTimersByTime(TOKEN_REUSE_MS); // the answer took the whole window
    answer();
    expect(await first).toBe(1);
    jest.advanceTimersByTime(1);
    const second = shared.take();
    answer();
    expect(await second).toBe(2);
  });

  it('asks again after reset(): a load that starts after an invalidation here gets a token issued after it', async () => {
    const { next, answer } = source();
    const shared = new SharedToken(next);
    const before = shared.take();
    shared.reset(); // while the first request is on its way: it is not shared any more
    const after = shared.take();
    answer();
    answer();
    expect(await before).toBe(1);
    expect(await after).toBe(2);
    expect(await shared.take()).toBe(2);
    shared.reset();
    const again = shared.take();
    answer();
    expect(await again).toBe(3);
  });

  it('never shares a failure', async () => {
    const next = jest.fn().mockRejectedValueOnce(new Error('down')).mockResolvedValueOnce(7);
    const shared = new SharedToken(next);
    await expect(shared.take()).rejects.toThrow('down');
    expect(await shared.take()).toBe(7);
  });

  it('hands a fresh token back as is, so a load can start in the same turn', async () => {
    const { next, answer } = source();
    const shared = new SharedToken(next);
    const first = shared.take();
    expect(first).toBeInstanceOf(Promise);
    answer();
    await first;
    expect(shared.take()).toBe(1);
  });

  it('prefetches: asks alongside a read, settles once the token is at hand, and never rejects', async () => {
    const { next, answer } = source();
    const shared = new SharedToken(next);
    const prefetched = shared.prefetch();
    expect(prefetched).toBeInstanceOf(Promise);
    const taken = shared.take(); // the load's take() meets the request on its way
    answer();
    await prefetched;
    expect(await taken).toBe(1);
    expect(shared.prefetch()).toBeUndefined(); // fresh: nothing to ask
    expect(next).toHaveBeenCalledTimes(1);

    const failing = new SharedToken(jest.fn().mockRejectedValueOnce(new Error('down')).mockResolvedValueOnce(9));
    await expect(failing.prefetch()).resolves.toBeUndefined();
    expect(await failing.take()).toBe(9); // the failure was not kept
  });

  it('prefetches only while loads take the tokens: after an unused one, not until the next take()', async () => {
    const { next, answer } = source();
    const shared = new SharedToken(next);
    const first = shared.prefetch(); // the first read asks
    answer();
    await first;
    jest.advanceTimersByTime(TOKEN_REUSE_MS + 1);
    expect(shared.prefetch()).toBeUndefined(); // no load took token 1: reads that hit ask for nothing
    expect(shared.prefetch()).toBeUndefined();
    expect(next).toHaveBeenCalledTimes(1);

    const taken = shared.take(); // a load asks on its own
    answer();
    expect(await taken).toBe(2);
    jest.advanceTimersByTime(TOKEN_REUSE_MS + 1);
    const again = shared.prefetch(); // loads happen again: the next read asks ahead
    expect(again).toBeInstanceOf(Promise);
    answer();
    await again;
    expect(await shared.take()).toBe(3);
    expect(next).toHaveBeenCalledTimes(3);
  });
});
