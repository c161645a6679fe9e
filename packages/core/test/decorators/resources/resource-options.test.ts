import { CacheConfigError, CacheResource, CachedById, CachedQuery, CachedRelation, InvalidatesResource } from '@cachet/core';
import { DECORATOR_MODE } from '../decorator-mode';

/** Applies decorators inside a fresh class, so each case is independent. */
function define(apply: () => void): () => void {
  return apply;
}

describe(`resource decorator options are checked when applied (${DECORATOR_MODE} decorators)`, () => {
  it('@CacheResource needs a usable name and valid defaults', () => {
    expect(define(() => { @CacheResource({ name: 'user:x' }) class A {} void A; })).toThrow(/@CacheResource on A: name must be letters/);
    expect(define(() => { @CacheResource({ name: 'user', ttl: '-5m' }) class B {} void B; })).toThrow(CacheConfigError);
    expect(define(() => { @CacheResource({ name: 'user', ttl: 'abc' }) class C {} void C; })).toThrow(/@CacheResource on C: ttl/);
    expect(define(() => { @CacheResource({ name: 'user', id: '' }) class D {} void D; })).toThrow(/@CacheResource on D: id must be a non-empty string/);
    expect(define(() => { @CacheResource({ name: 'user', ttL: '1m' } as never) class E {} void E; })).toThrow(/unknown option 'ttL'/);
  });

  it('read decorators name the class (when known), the method and the option', () => {
    const where = DECORATOR_MODE === 'legacy' ? 'R\\.findById' : 'findById';
    expect(define(() => { class R { @CachedById({ ttl: 0 }) findById(_id: number) { return 1; } } void R; })).toThrow(new RegExp(`@CachedById on ${where}: ttl`));
    expect(define(() => { class R { @CachedById({ variant: 'a:b' }) findById(_id: number) { return 1; } } void R; })).toThrow(/variant must be letters/);
    expect(define(() => { class R { @CachedQuery({ tagsFromResult: 'yes' } as never) q() { return []; } } void R; })).toThrow(/@CachedQuery on .*q: tagsFromResult must be true or false/);
    expect(define(() => { class R { @CachedQuery({ key: '{nope}' }) q(_a: number) { return []; } } void R; })).toThrow(CacheConfigError);
  });

  it('@CachedRelation needs a relation name and a parent', () => {
    expect(define(() => { class R { @CachedRelation('orders', {} as never) forUser(_id: number) { return []; } } void R; })).toThrow(/say whose orders these are with \{ of/);
    expect(define(() => { class R { @CachedRelation('my orders', { of: 'user' }) forUser(_id: number) { return []; } } void R; })).toThrow(/relation name must be/);
    expect(define(() => { class R { @CachedRelation('orders', { of: 'user', child: '' }) forUser(_id: number) { return []; } } void R; })).toThrow(/child must be/);
  });

  it('@InvalidatesResource refuses unknown options and non-functions', () => {
    expect(define(() => { class R { @InvalidatesResource({ ids: [1] } as never) update() { return 1; } } void R; })).toThrow(/ids must be a function/);
    expect(define(() => { class R { @InvalidatesResource({ create: true } as never) update() { return 1; } } void R; })).toThrow(/unknown option 'create'/);
    expect(define(() => { class R { @InvalidatesResource({ deleted: 'yes' } as never) update() { return 1; } } void R; })).toThrow(/deleted must be true or false/);
  });

  it('only decorates methods', () => {
    const asClassDecorator = CachedById() as unknown as ClassDecorator & ((target: unknown, context: unknown) => void);
    expect(define(() => { @asClassDecorator class R {} void R; })).toThrow(CacheConfigError);
  });
});
