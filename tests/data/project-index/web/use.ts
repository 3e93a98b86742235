import { cache, makeClient, Store } from './named';
import * as named from './named';

export async function pages(): Promise<string[]> {
  return cache.keys('page:*');
}

export async function perRequest(id: string): Promise<string | null> {
  const conn = makeClient();
  return conn.get(`user:${id}:profile`);
}

export async function viaNamespace(): Promise<string[]> {
  return named.cache.keys('tmp:*');
}

export async function viaStaticFactory(): Promise<string[]> {
  return Store.create().keys('static:*');
}
