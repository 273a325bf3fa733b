import { buildDrainableServer } from '@wbn/api/server';
import { loadConfig } from '@wbn/core/config';
import { loadContentIfEmpty } from '@wbn/core/content/content.loader';
import { createLogger } from '@wbn/core/logger';
import { serveProcessMetrics } from '@wbn/core/metrics/metrics-server';
import { createRuntime } from '@wbn/core/runtime';
import { createHandlers } from '@wbn/worker/handlers';
import { startWorker } from '@wbn/worker/worker';
import closeWithGrace from 'close-with-grace';

/**
 * `pnpm start`: the whole backend in one process for development and first runs: PostgreSQL
 * (embedded under .data/ unless DATABASE_URL is set), migrations, the API and the worker.
 * Production runs apps/api and apps/worker as separate processes instead.
 */
const config = loadConfig();
const logger = createLogger({ level: config.logLevel });
const runtime = await createRuntime({ config, logger });
// A fresh development database gets the app's content pack, so the app has something to show.
if (config.env === 'development') await loadContentIfEmpty(runtime);
const worker = createHandlers(runtime);
await startWorker({ boss: runtime.boss, logger, handlers: worker.handlers, tracing: runtime.tracing });
const { app, drain } = await buildDrainableServer(runtime);
const address = await app.listen({ host: config.host, port: config.port });
// One process, one registry: the API's port serves the worker's metrics too.
const metricsServer = await serveProcessMetrics(runtime, config.metrics.apiPort, logger);

const base = config.publicUrl.startsWith('http://127.0.0.1') ? address : config.publicUrl;
process.stdout.write(
  [
    '',
    `  Well-being Navigator is up (${config.env}, ${config.database.url ? 'DATABASE_URL' : 'embedded PostgreSQL in .data/'})`,
    `  API (REST)   ${base}/api`,
    `  API (tRPC)   ${base}/trpc`,
    `  Docs         ${base}/docs`,
    `  OpenAPI      ${base}/openapi.json`,
    `  Readiness    ${base}/readyz`,
    ...(metricsServer?.url ? [`  Metrics      ${metricsServer.url}`] : []),
    '',
  ].join('\n'),
);

closeWithGrace({ delay: 30_000, logger }, async ({ err }) => {
  if (err) logger.error({ err }, 'shutting down after an error');
  await drain();
  await app.close();
  await metricsServer?.close();
  await runtime.close();
  await worker.close();
});
