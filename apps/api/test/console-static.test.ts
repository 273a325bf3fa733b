import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONSOLE_CSP } from '../src/routes/console.route.ts';
import { createTestApp, type TestApp } from './test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

const get = (url: string) => t.app.inject({ method: 'GET', url });

describe('the console at /console', () => {
  it('serves index.html revalidated every time, under a strict CSP, and its hashed assets as immutable', async () => {
    expect((await get('/console')).headers.location).toBe('/console/');
    const index = await get('/console/');
    expect(index.statusCode).toBe(200);
    expect(index.headers['content-type']).toContain('text/html');
    expect(index.headers['cache-control']).toBe('no-cache');
    expect(index.headers['content-security-policy']).toBe(CONSOLE_CSP);
    expect(CONSOLE_CSP).toContain("script-src 'self'");
    expect(CONSOLE_CSP).not.toContain('unsafe-inline');
    expect(index.body).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);

    const assets = [...index.body.matchAll(/(?:src|href)="(\/console\/assets\/[^"]+)"/g)].map(
      (m) => m[1] ?? '',
    );
    expect(assets.length).toBeGreaterThanOrEqual(2);
    for (const asset of assets) {
      const res = await get(asset);
      expect(res.statusCode).toBe(200);
      expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    }
  });

  it('answers 404 for a file that is not there and never serves outside its folder', async () => {
    expect((await get('/console/assets/nope.js')).statusCode).toBe(404);
    expect((await get('/console/../package.json')).statusCode).not.toBe(200);
    expect((await get('/console/%2e%2e/package.json')).statusCode).not.toBe(200);
  });
});
