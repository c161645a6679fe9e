import 'reflect-metadata';
import { CacheConfigError } from '../errors';
import { WRAPPED_ORIGINAL } from '../metadata/metadata-keys';

/** Any function, as a method value. */
export type AnyMethod = (this: unknown, ...args: unknown[]) => unknown;
/** Any class. */
export type AnyClass = abstract new (...args: never[]) => unknown;

/** Where a method decorator was applied, the same in both decorator modes. */
export interface MethodTarget {
  readonly methodName: string;
  readonly method: AnyMethod;
  readonly isStatic: boolean;
  /** Known at decoration time in legacy mode; resolved on first call in TC39 mode. */
  readonly declaringClass: AnyClass | undefined;
}

/**
 * A method decorator usable in both modes: TypeScript legacy decorators
 * (`experimentalDecorators`, as NestJS uses) call it with
 * `(prototype, name, descriptor)`; TC39 standard decorators with `(method, context)`.
 */
export interface MethodDecoratorFn {
  <T>(target: object, propertyKey: string | symbol, descriptor: TypedPropertyDescriptor<T>): void;
  <This, Args extends unknown[], Return>(
    value: (this: This, ...args: Args) => Return,
    context: ClassMethodDecoratorContext<This, (this: This, ...args: Args) => Return>,
  ): void;
}

/** A class decorator usable in both modes. */
export interface ClassDecoratorFn {
  <C extends AnyClass>(target: C): void;
  <C extends AnyClass>(target: C, context: ClassDecoratorContext<C>): void;
}

function isTc39Context(value: unknown): value is DecoratorContext {
  return typeof value === 'object' && value !== null && 'kind' in value && typeof (value as DecoratorContext).kind === 'string';
}

/**
 * Reads where a method decorator was applied; validates that it is a method.
 * `decorator` names the decorator in errors, e.g. '@Cached'.
 */
export function readMethodTarget(decorator: string, args: readonly unknown[]): MethodTarget {
  if (args.length === 2 && isTc39Context(args[1])) {
    const context = args[1];
    if (context.kind !== 'method') throw new CacheConfigError(`${decorator} can only decorate methods, not a ${context.kind} ('${String(context.name)}').`);
    const ctx = context as ClassMethodDecoratorContext;
    if (ctx.private) throw new CacheConfigError(`${decorator} cannot decorate private method ${String(ctx.name)}: make it a regular method.`);
    return { methodName: String(ctx.name), method: args[0] as AnyMethod, isStatic: ctx.static, declaringClass: undefined };
  }
  const [target, propertyKey, descriptor] = args as [object, string | symbol, PropertyDescriptor | undefined];
  const isStatic = typeof target === 'function';
  const declaringClass = (isStatic ? target : (target as { constructor: AnyClass }).constructor) as AnyClass;
  if (!descriptor || typeof descriptor.value !== 'function') {
    throw new CacheConfigError(`${decorator} can only decorate methods; ${declaringClass.name}.${String(propertyKey)} is not a method.`);
  }
  return { methodName: String(propertyKey), method: descriptor.value as AnyMethod, isStatic, declaringClass };
}

/** Installs `wrapper` in place of the decorated method, in whichever mode applied it. */
export function installWrapper(args: readonly unknown[], wrapper: AnyMethod): AnyMethod | void {
  if (args.length === 2 && isTc39Context(args[1])) return wrapper;
  (args[2] as PropertyDescriptor).value = wrapper;
}

/**
 * Makes `wrapper` look like `original` to everything else: same name and
 * length, and every reflect-metadata entry (route metadata of NestJS and the
 * like), so decorator order never changes behaviour.
 */
export function disguiseWrapper(wrapper: AnyMethod, original: AnyMethod): void {
  Object.defineProperty(wrapper, 'name', { value: original.name, configurable: true });
  Object.defineProperty(wrapper, 'length', { value: original.length, configurable: true });
  Object.defineProperty(wrapper, WRAPPED_ORIGINAL, { value: original });
  for (const key of Reflect.getOwnMetadataKeys(original)) {
    Reflect.defineMetadata(key, Reflect.getOwnMetadata(key, original), wrapper);
  }
}

/**
 * Finishes a method decorator: ties the wrapper to its site (so TC39 mode can
 * find the declaring class), disguises it as the original, records the
 * decorator's options as metadata on it (when given), and installs it in
 * whichever mode applied the decorator.
 */
export function finishMethodDecorator(
  decoratorArgs: readonly unknown[],
  site: { wrapper: AnyMethod | undefined },
  wrapper: AnyMethod,
  original: AnyMethod,
  metadata?: readonly [key: symbol, value: unknown],
): AnyMethod | void {
  site.wrapper = wrapper;
  disguiseWrapper(wrapper, original);
  if (metadata !== undefined) Reflect.defineMetadata(metadata[0], metadata[1], wrapper);
  return installWrapper(decoratorArgs, wrapper);
}

/** The class a class decorator was applied to, in either mode. */
export function readClassTarget(decorator: string, args: readonly unknown[]): AnyClass {
  if (args.length === 2 && isTc39Context(args[1]) && args[1].kind !== 'class') {
    throw new CacheConfigError(`${decorator} can only decorate classes, not a ${args[1].kind}.`);
  }
  if (typeof args[0] !== 'function') throw new CacheConfigError(`${decorator} can only decorate classes.`);
  return args[0] as AnyClass;
}

/** True when decorator arguments are a class decorator's (either mode). */
export function isClassDecoration(args: readonly unknown[]): boolean {
  if (args.length === 1) return typeof args[0] === 'function';
  return args.length === 2 && isTc39Context(args[1]) && args[1].kind === 'class';
}

/**
 * Finds the class that declares `wrapper` as `methodName`, starting from the
 * call's `this` (an instance, or the class for static methods). Used in TC39
 * mode, where a method decorator is not told its class.
 */
export function findDeclaringClass(thisArg: unknown, methodName: string, wrapper: AnyMethod, isStatic: boolean): AnyClass | undefined {
  if (thisArg === null || thisArg === undefined) return undefined;
  let holder: object | null = isStatic ? (thisArg as object) : Object.getPrototypeOf(thisArg);
  let firstOwner: object | undefined;
  while (holder !== null && holder !== Object.prototype && holder !== Function.prototype) {
    const own = Object.getOwnPropertyDescriptor(holder, methodName);
    if (own) {
      firstOwner ??= holder;
      if (unwraps(own.value, wrapper)) return (isStatic ? holder : (holder as { constructor: AnyClass }).constructor) as AnyClass;
    }
    holder = Object.getPrototypeOf(holder);
  }
  if (firstOwner === undefined) return undefined;
  return (isStatic ? firstOwner : (firstOwner as { constructor: AnyClass }).constructor) as AnyClass;
}

/** True when `candidate` is `wrapper`, or wraps it (another decorator applied on top of ours). */
function unwraps(candidate: unknown, wrapper: AnyMethod): boolean {
  let current = candidate as (AnyMethod & { [WRAPPED_ORIGINAL]?: AnyMethod }) | undefined;
  for (let depth = 0; current && depth < 8; depth++) {
    if (current === wrapper) return true;
    current = current[WRAPPED_ORIGINAL] as (AnyMethod & { [WRAPPED_ORIGINAL]?: AnyMethod }) | undefined;
  }
  return false;
}
