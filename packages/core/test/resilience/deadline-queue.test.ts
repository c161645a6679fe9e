import { startDeadline } from '../../src/resilience/deadline-queue';

describe('startDeadline', () => {
  beforeEach(() => jest.useFakeTimers({ now: 1_000_000 }));
  afterEach(() => jest.useRealTimers());

  it('fires once the time has passed, never before', () => {
    const fired = jest.fn();
    startDeadline(100, fired);
    jest.advanceTimersByTime(99);
    expect(fired).not.toHaveBeenCalled();
    jest.advanceTimersByTime(1);
    expect(fired).toHaveBeenCalledTimes(1);
    jest.advanceTimersByTime(1_000);
    expect(fired).toHaveBeenCalledTimes(1);
  });

  it('does not fire once settled; settle() tells whether the work won the race', () => {
    const fired = jest.fn();
    const settled = startDeadline(100, fired);
    const late = startDeadline(100, fired);
    expect(settled.settle()).toBe(true);
    jest.advanceTimersByTime(100);
    expect(fired).toHaveBeenCalledTimes(1);
    expect(late.settle()).toBe(false);
    expect(settled.settle()).toBe(false);
  });

  it('fires each deadline at its own time, whatever was settled before it', () => {
    const order: string[] = [];
    const first = startDeadline(50, () => order.push('first'));
    jest.advanceTimersByTime(20);
    startDeadline(50, () => order.push('second'));
    jest.advanceTimersByTime(10);
    startDeadline(50, () => order.push('third'));
    first.settle();
    jest.advanceTimersByTime(39); // t = 69: the second is due at 70
    expect(order).toEqual([]);
    jest.advanceTimersByTime(1);
    expect(order).toEqual(['second']);
    jest.advanceTimersByTime(10);
    expect(order).toEqual(['second', 'third']);
  });

  it('keeps the deadlines after one whose callback threw', () => {
    const fired = jest.fn();
    startDeadline(10, () => {
      throw new Error('broke its promise');
    });
    startDeadline(10, fired);
    startDeadline(10, fired);
    expect(() => jest.advanceTimersByTime(10)).toThrow('broke its promise');
    jest.advanceTimersByTime(1);
    expect(fired).toHaveBeenCalledTimes(2);
  });

  it('keeps no timer once every deadline is settled', () => {
    const deadlines = Array.from({ length: 3_000 }, () => startDeadline(1_000, () => undefined));
    expect(jest.getTimerCount()).toBe(1);
    deadlines.forEach((deadline) => deadline.settle());
    expect(jest.getTimerCount()).toBe(0);
  });
});
