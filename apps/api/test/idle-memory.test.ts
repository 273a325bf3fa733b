import Fastify from 'fastify';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { registerIdleMemoryRelease } from '../src/http/idle-memory.ts';

const CHECK_MS = 1000;

async function serverWithRelease() {
  const collect = vi.fn();
  const app = Fastify();
  registerIdleMemoryRelease(app, { collect, checkMs: CHECK_MS });
  app.get('/ping', async () => 'pong');
  await app.ready();
  return { app, collect };
}

describe('memory release when idle', () => {
  // Only the check timer is faked: Fastify's request handling keeps its real timers and ticks.
  afterEach(() => {
    vi.useRealTimers();
  });

  it('collects once after start-up, never while requests keep coming, once per quiet spell after', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const { app, collect } = await serverWithRelease();
    vi.advanceTimersByTime(CHECK_MS);
    expect(collect).toHaveBeenCalledTimes(1);

    for (let period = 0; period < 3; period++) {
      expect((await app.inject('/ping')).statusCode).toBe(200);
      vi.advanceTimersByTime(CHECK_MS);
    }
    expect(collect).toHaveBeenCalledTimes(1);

    vi.advanceTimersByTime(CHECK_MS);
    expect(collect).toHaveBeenCalledTimes(2);
    vi.advanceTimersByTime(5 * CHECK_MS);
    expect(collect).toHaveBeenCalledTimes(2);

    expect(vi.getTimerCount()).toBe(1);
    await app.close();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('does nothing without a way to collect (node started without --expose-gc)', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    expect((globalThis as { gc?: unknown }).gc).toBeUndefined();
    const app = Fastify();
    registerIdleMemoryRelease(app);
    await app.ready();
    expect(vi.getTimerCount()).toBe(0);
    await app.close();
  });
});
