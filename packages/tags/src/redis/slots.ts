import calculateSlot from 'cluster-key-slot';
import type { Cluster, Redis } from 'ioredis';
import type { RedisClient } from '../lua/script';

/** True for an ioredis `Cluster` (ioredis sets `isCluster` on both client kinds). */
export function isCluster(client: RedisClient): client is Cluster {
  return client.isCluster === true;
}

/** Every node that owns keys: the client itself, or each Cluster master. */
export function masterNodes(client: RedisClient): Redis[] {
  return isCluster(client) ? client.nodes('master') : [client];
}

/**
 * {@link masterNodes} once a Cluster client has loaded its slot map: before
 * that, `nodes('master')` lists only seed connections that the first refresh
 * replaces, and a scan over them would miss keys or hit closed connections.
 */
export async function readyMasterNodes(client: RedisClient): Promise<Redis[]> {
  if (isCluster(client) && client.status !== 'ready') {
    await new Promise<void>((resolve, reject) => {
      const onReady = (): void => {
        client.off('end', onEnd);
        resolve();
      };
      const onEnd = (): void => {
        client.off('ready', onReady);
        reject(new Error('Redis Cluster connection ended before it was ready'));
      };
      client.once('ready', onReady);
      client.once('end', onEnd);
    });
  }
  return masterNodes(client);
}

/**
 * Splits `items` into groups a single multi-key command or script can take:
 * chunks of at most `chunk` on a standalone server; on a Cluster, also one
 * hash slot per group, because a multi-key command across slots fails with
 * CROSSSLOT.
 */
export function slotGroups<T>(client: RedisClient, items: readonly T[], keyOf: (item: T) => string, chunk: number): T[][] {
  const groups: T[][] = [];
  if (!isCluster(client)) {
    for (let i = 0; i < items.length; i += chunk) groups.push(items.slice(i, i + chunk));
    return groups;
  }
  const bySlot = new Map<number, T[]>();
  for (const item of items) {
    const slot = calculateSlot(keyOf(item));
    const group = bySlot.get(slot);
    if (group) group.push(item);
    else bySlot.set(slot, [item]);
  }
  for (const group of bySlot.values()) {
    for (let i = 0; i < group.length; i += chunk) groups.push(group.slice(i, i + chunk));
  }
  return groups;
}

/**
 * SCAN MATCH `match` COUNT `count` over every master (a Cluster's keys are
 * spread over its masters, and SCAN only sees one node), yielding each batch.
 * Never KEYS. A key may be yielded twice (SCAN's own guarantee); callers dedupe
 * where it matters.
 */
export async function* scanMasters(client: RedisClient, match: string, count: number): AsyncGenerator<string[]> {
  for (const node of await readyMasterNodes(client)) {
    let cursor = '0';
    do {
      const [next, keys] = await node.scan(cursor, 'MATCH', match, 'COUNT', count);
      cursor = next;
      if (keys.length > 0) yield keys;
    } while (cursor !== '0');
  }
}
