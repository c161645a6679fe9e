import type { Redis } from 'ioredis';
import type { RedisClient } from '../lua/script';
import { NotAfter } from './server-clock';
import type { CommandGate } from './command-gate';

const GATE = Symbol('cachet.redis.gate');
const RAW = Symbol('cachet.redis.raw');

interface GatedMarks {
  readonly [GATE]?: CommandGate;
  readonly [RAW]?: RedisClient;
}

/** Client methods that return pipelines or nodes, whose commands must be gated too. */
const CHAINS = new Set<PropertyKey>(['pipeline', 'multi']);

/**
 * The client as cachet's code sees it: every Redis command method (GET,
 * EVALSHA, SCAN, …, and their `…Buffer` forms), every pipeline `exec()` and
 * the commands of Cluster nodes returned by `nodes()` go through `gate`.
 * Everything else (`on`, `status`, `duplicate`, …) is the client itself.
 *
 * A proxy rather than a call at each site: the tag index and the store send
 * commands from many places, and a command that escaped the gate would be one
 * that can hang or reach a server the breaker has given up on.
 */
export function gatedClient<C extends RedisClient>(raw: C, gate: CommandGate): C {
  const commands = new Set(raw.getBuiltinCommands().flatMap((name) => [name, `${name}Buffer`]));
  // Closing is the owner's business and must work whatever the breaker says.
  commands.delete('quit');
  const wrapped = new Map<PropertyKey, unknown>();
  const nodes = new WeakMap<Redis, Redis>();
  return new Proxy(raw, {
    get(target, prop) {
      if (prop === GATE) return gate;
      if (prop === RAW) return target;
      const value: unknown = Reflect.get(target, prop, target);
      if (typeof value !== 'function') return value;
      const known = wrapped.get(prop);
      if (known !== undefined) return known;
      const method = value as (...args: unknown[]) => unknown;
      let fn: unknown;
      if (typeof prop === 'string' && commands.has(prop)) {
        // A write's deadline is filled in when it is sent, not when it was queued.
        // The arguments as given unless they hold one (most commands): no copy per command.
        const sendNow = (args: unknown[]) => (args.some(isNotAfter) ? args.map((arg) => (arg instanceof NotAfter ? gate.deadlineNow() : arg)) : args);
        fn = (...args: unknown[]) => gate.run(prop, () => method.apply(target, sendNow(args)) as Promise<unknown>);
      } else if (CHAINS.has(prop)) {
        fn = (...args: unknown[]) => gatePipeline(method.apply(target, args) as { exec: (...a: unknown[]) => Promise<unknown> }, String(prop), gate);
      } else if (prop === 'nodes') {
        fn = (...args: unknown[]) =>
          (method.apply(target, args) as Redis[]).map((node) => {
            let gated = nodes.get(node);
            if (gated === undefined) nodes.set(node, (gated = gatedClient(node, gate)));
            return gated;
          });
      } else {
        fn = method.bind(target);
      }
      wrapped.set(prop, fn);
      return fn;
    },
  });
}

function isNotAfter(arg: unknown): boolean {
  return arg instanceof NotAfter;
}

function gatePipeline<P extends { exec: (...a: unknown[]) => Promise<unknown> }>(pipeline: P, name: string, gate: CommandGate): P {
  const exec = pipeline.exec.bind(pipeline);
  pipeline.exec = () => gate.run(name, () => exec());
  return pipeline;
}

/** The gate of a client made by {@link gatedClient}, else undefined. */
export function gateOf(client: RedisClient): CommandGate | undefined {
  return (client as RedisClient & GatedMarks)[GATE];
}

/** The client under a gated one (the client itself when it is not gated). */
export function rawClient(client: RedisClient): RedisClient {
  return (client as RedisClient & GatedMarks)[RAW] ?? client;
}
