import { validate } from '@readme/openapi-parser';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

it('serves a valid OpenAPI 3.1 document listing every /api procedure', async () => {
  const res = await t.api('GET', '/openapi.json');
  expect(res.status).toBe(200);
  expect(res.body.openapi).toBe('3.1.0');
  const result = await validate(structuredClone(res.body));
  expect(result.valid ? [] : result.errors).toEqual([]);

  const documented = new Set(
    Object.entries(res.body.paths as Record<string, Record<string, unknown>>).flatMap(([path, item]) =>
      Object.keys(item).map((method) => `${method.toUpperCase()} /api${path}`),
    ),
  );
  const { appRouter } = await import('../src/router.ts');
  const served = Object.values(
    appRouter._def.procedures as unknown as Record<
      string,
      { _def: { meta?: { openapi?: { method: string; path: string } } } }
    >,
  )
    .map((p) => p._def.meta?.openapi)
    .filter((o): o is { method: string; path: string } => Boolean(o))
    .map((o) => `${o.method} /api${o.path}`);
  expect(served.length).toBeGreaterThan(10);
  for (const route of served) expect(documented, route).toContain(route);
  expect(res.body.components.securitySchemes).toEqual({ Authorization: { type: 'http', scheme: 'bearer' } });
});

it('serves interactive docs', async () => {
  const res = await t.app.inject({ method: 'GET', url: '/docs/' });
  expect(res.statusCode).toBe(200);
  expect(res.headers['content-type']).toContain('text/html');
  expect(res.headers['x-content-type-options']).toBe('nosniff');
  expect(res.body).toContain('/openapi.json');
  const script = /src="([^"]*scalar\.js)"/.exec(res.body)?.[1];
  expect(script).toBeDefined();
  const bundle = await t.app.inject({ method: 'GET', url: new URL(script ?? '', 'http://x/docs/').pathname });
  expect(bundle.statusCode).toBe(200);
  expect(bundle.headers['content-type']).toContain('application/javascript');
  expect(bundle.body.length).toBeGreaterThan(100_000);
  const bare = await t.app.inject({ method: 'GET', url: '/docs' });
  expect([bare.statusCode, bare.headers.location]).toEqual([301, '/docs/']);
});

it('answers health and readiness', async () => {
  expect((await t.api('GET', '/healthz')).body).toEqual({ status: 'ok' });
  expect((await t.api('GET', '/readyz')).body).toEqual({ status: 'ready' });
});
