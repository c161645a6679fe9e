import 'reflect-metadata';
import { Type } from 'class-transformer';
import { CacheSerializationError } from '@cachet/core';
import { TypedJsonSerializer, typedJsonSerializer } from '@cachet/stores';

const roundTrip = (value: unknown): unknown => typedJsonSerializer.deserialize(typedJsonSerializer.serialize(value));

class Address {
  city = '';
  label(): string {
    return `in ${this.city}`;
  }
}
class User {
  id = 0;
  name = '';
  joined = new Date(0);
  roles = new Set<string>();
  @Type(() => Address)
  address?: Address;
  greet(): string {
    return `hi ${this.name}`;
  }
}

describe('TypedJsonSerializer', () => {
  it('round-trips non-JSON values at any depth', () => {
    const value = {
      u: undefined,
      d: new Date('2024-02-29T12:34:56.789Z'),
      big: -(2n ** 70n),
      m: new Map<unknown, unknown>([[1, new Set([new Date(5)])], ['k', { deep: [undefined, 1n] }]]),
      buf: Buffer.from([0, 255]),
      u8: new Uint8Array([1, 2, 3]),
      f64: new Float64Array([1.5, -2]),
      nums: [Number.NaN, Infinity, -Infinity, -0],
      arr: [undefined, null, [new Map()]],
    };
    expect(roundTrip(value)).toStrictEqual(value);
    expect(Object.is(roundTrip(-0), -0)).toBe(true);
    // jest cannot compare two invalid Dates, so check this one by hand.
    const invalid = roundTrip(new Date(Number.NaN));
    expect(invalid instanceof Date && Number.isNaN(invalid.getTime())).toBe(true);
  });

  it('keeps a plain object that has its own "$t" key', () => {
    expect(roundTrip({ $t: 'd', v: 'not a date' })).toStrictEqual({ $t: 'd', v: 'not a date' });
  });

  it('refuses functions, symbols and cycles with CacheSerializationError', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    for (const bad of [() => 1, Symbol('s'), cyclic, [Symbol('s')]]) {
      expect(() => typedJsonSerializer.serialize(bad)).toThrow(CacheSerializationError);
    }
  });

  it('refuses foreign and malformed data with CacheSerializationError', () => {
    for (const data of ['not json', '{"$t":"zz"}', '{"$t":"ta","c":"Function","v":""}', '{"$t":"m","v":5}', '{"a":1']) {
      expect(() => typedJsonSerializer.deserialize(data)).toThrow(CacheSerializationError);
    }
  });

  it('does not let a payload pollute Object.prototype', () => {
    const payloads = [
      '{"__proto__":{"polluted":1}}',
      '{"a":{"__proto__":{"polluted":1}}}',
      '{"constructor":{"prototype":{"polluted":1}}}',
      '{"$t":"o","v":{"__proto__":{"polluted":1}}}',
      '{"$t":"m","v":[["__proto__",{"polluted":1}]]}',
    ];
    for (const payload of payloads) {
      const value = typedJsonSerializer.deserialize(payload) as Record<string, unknown>;
      typedJsonSerializer.revive?.(value, User);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect(Object.getPrototypeOf(value) === Object.prototype || value instanceof Map).toBe(true);
    }
  });

  it('revives classes and arrays of classes with class-transformer, keeping built-ins', () => {
    const plain = roundTrip({ id: 1, name: 'Ada', joined: new Date(7), roles: new Set(['admin']), address: { city: 'London' } });
    const user = new TypedJsonSerializer().revive(plain, User) as User;
    expect(user).toBeInstanceOf(User);
    expect(user.greet()).toBe('hi Ada');
    expect(user.joined).toEqual(new Date(7));
    expect(user.roles).toEqual(new Set(['admin']));
    expect(user.address).toBeInstanceOf(Address);
    expect(user.address?.label()).toBe('in London');
    const users = typedJsonSerializer.revive?.([plain, plain], [User]) as User[];
    expect(users.map((u) => u instanceof User)).toEqual([true, true]);
    expect(typedJsonSerializer.revive?.(null, User)).toBeNull();
    expect(() => typedJsonSerializer.revive?.({}, [User])).toThrow(CacheSerializationError);
  });
});
