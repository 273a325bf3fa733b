import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

/**
 * Imports the API's and the worker's modules in a fresh Node process (as `node src/main.ts` would,
 * without starting anything) and lists the optional heavy libraries that got loaded: the AWS SDK
 * belongs to S3 media storage only, the OpenTelemetry SDK to configured tracing only, the OpenAPI
 * generator to the first GET /openapi.json, the interactive reference to the first GET /docs.
 */
const PROBE = `
import { registerHooks } from 'node:module';
const loaded = new Set();
registerHooks({
  load(url, context, next) {
    loaded.add(url);
    return next(url, context);
  },
});
await import('@wbn/api/server');
await import('@wbn/core/runtime');
await import('@wbn/worker/handlers');
const optional = /node_modules\\/(@aws-sdk|@smithy|@opentelemetry\\/(sdk-trace|exporter|context-async-hooks|resources)|trpc-to-openapi|zod-openapi|@scalar)/;
process.stdout.write(JSON.stringify([...loaded].filter((url) => optional.test(url))));
`;

describe('start-up', () => {
  it('loads neither the AWS SDK nor the OpenTelemetry SDK unless configured to use them, nor the OpenAPI generator or reference', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', PROBE], {
      cwd: fileURLToPath(new URL('..', import.meta.url)),
    });
    expect(JSON.parse(stdout)).toEqual([]);
  });
});
