import Redis from 'ioredis';

export const cache = new Redis({ host: 'cache' });

export function makeClient(): Redis {
  return new Redis({ host: 'cache' });
}

export class Store {
  static create(): Redis {
    return new Redis({ host: 'cache' });
  }
}
