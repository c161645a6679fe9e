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
});
