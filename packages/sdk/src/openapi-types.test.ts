import { readFile } from 'node:fs/promises';
import { expect, it } from 'vitest';
import { generateOpenApiTypes } from '../scripts/generate-openapi-types.ts';

it('the committed REST path types match the router (run `pnpm --filter @wbn/sdk generate` if not)', async () => {
  const committed = await readFile(new URL('./openapi.d.ts', import.meta.url), 'utf8');
  expect(committed).toBe(await generateOpenApiTypes());
});
