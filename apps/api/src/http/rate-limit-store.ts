/// <reference path="./rate-limit-stores.d.ts" />
import type { FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import LocalStore from '@fastify/rate-limit/store/LocalStore.js';
import RedisStore from '@fastify/rate-limit/store/RedisStore.js';
import { isRedisReady } from '@wbn/core/redis/resilient-redis';
import type { Redis } from 'ioredis';

type Callback = (error: Error | null, result?: { current: number; ttl: number }) => void;
interface Store {
  incr(key: string, callback: Callback, timeWindow: number, max: number): void;
  read(key: string, callback: Callback, timeWindow: number, max: number): void;
  child(routeOptions: unknown): Store;
}

/**
 * Rate-limit counters in Redis (shared by every API process) while Redis answers, in this process
 * while it does not: limits keep applying during an outage, per process instead of cluster-wide, and
 * move back to Redis when it returns. Never an error, never a wait.
 */
export function redisWithLocalFallback(redis: Redis, nameSpace: string): FastifyRateLimitStoreCtor {
  const pair = (shared: Store, local: Store): Store => {
    const either =
      (method: 'incr' | 'read') => (key: string, callback: Callback, timeWindow: number, max: number) => {
        if (!isRedisReady(redis)) return local[method](key, callback, timeWindow, max);
        shared[method](
          key,
          (error, result) => (error ? local[method](key, callback, timeWindow, max) : callback(null, result)),
          timeWindow,
          max,
        );
      };
    return {
      incr: either('incr'),
      read: either('read'),
      child: (routeOptions) => pair(shared.child(routeOptions), local.child(routeOptions)),
    };
  };
  // The plugin instantiates the store itself, with its global options (`new Store(options)`).
  class FallbackStore {
    constructor(options: { continueExceeding?: boolean; exponentialBackoff?: boolean }) {
      const { continueExceeding, exponentialBackoff } = options;
      // biome-ignore lint/correctness/noConstructorReturn: the store is the composed pair
      return pair(
        new RedisStore(continueExceeding, exponentialBackoff, redis, nameSpace),
        new LocalStore(continueExceeding, exponentialBackoff),
      );
    }
  }
  return FallbackStore as unknown as FastifyRateLimitStoreCtor;
}
