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

  it('arms one timer per duration, lets it run out once every deadline is settled, and then keeps none', () => {
    const fired = jest.fn();
    const deadlines = Array.from({ length: 3_000 }, () => startDeadline(1_000, fired));
    expect(jest.getTimerCount()).toBe(1);
    deadlines.forEach((deadline) => deadline.settle());
    // Work that runs one command at a time starts and settles a deadline per command: no timer churn.
    for (let i = 0; i < 100; i++) startDeadline(1_000, fired).settle();
    expect(jest.getTimerCount()).toBe(1);
    jest.advanceTimersByTime(1_000);
    expect(jest.getTimerCount()).toBe(0);
    expect(fired).not.toHaveBeenCalled();
  });

  it('fires a deadline started after the others were settled at its own time, not at the old timer', () => {
    const fired = jest.fn();
    startDeadline(1_000, fired).settle();
    jest.advanceTimersByTime(600);
    startDeadline(1_000, fired);
    jest.advanceTimersByTime(400); // the first timer fires here, finds the new deadline not due, and re-arms
    expect(fired).not.toHaveBeenCalled();
    jest.advanceTimersByTime(599);
    expect(fired).not.toHaveBeenCalled();
    jest.advanceTimersByTime(1);
    expect(fired).toHaveBeenCalledTimes(1);
  });
});
