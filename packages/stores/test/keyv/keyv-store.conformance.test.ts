import { runStoreConformance } from '@cachet/core/testing';
import { createKeyv } from '@keyv/redis';
import { Keyv } from 'keyv';
import { KeyvStore } from '@cachet/stores';
import { newRedis, redisUrl, removePrefix } from '../../../../test-support/redis';

describe('KeyvStore conformance with @keyv/redis (real Redis)', () => {
  const open: Keyv[] = [];
  const namespaces: string[] = [];

  afterAll(async () => {
    await Promise.all(open.map((keyv) => keyv.disconnect()));
    const client = newRedis();
    for (const ns of namespaces) await removePrefix(client, ns);
    await client.quit();
  });

  runStoreConformance(it, ({ prefix }) => {
    const namespace = prefix.replace(/:$/, '');
    namespaces.push(namespace);
    const keyv = createKeyv(redisUrl(), { namespace });
    open.push(keyv);
    return new KeyvStore({ keyv });
  });
});

describe('KeyvStore conformance with an in-memory Map', () => {
  runStoreConformance(it, () => new KeyvStore({ keyv: new Keyv({ store: new Map() }) }));
});
