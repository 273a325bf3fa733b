import { loadConfig } from '@wbn/core/config';
import { createLogger } from '@wbn/core/logger';
import { serveProcessMetrics } from '@wbn/core/metrics/metrics-server';
import { createRuntime } from '@wbn/core/runtime';
import closeWithGrace from 'close-with-grace';
import { buildDrainableServer } from './server.ts';

/** The API alone (production shape: run as many as you like behind a load balancer). */
const config = loadConfig();
const logger = createLogger({ level: config.logLevel, name: 'api' });
const runtime = await createRuntime({ config, logger, serviceName: 'wbn-api' });
const { app, drain } = await buildDrainableServer(runtime);
await app.listen({ host: config.host, port: config.port });
const metricsServer = await serveProcessMetrics(runtime, config.metrics.apiPort, logger);

// SIGTERM/SIGINT: stop accepting, let in-flight requests finish, then close pg-boss and the pool.
closeWithGrace({ delay: 15_000, logger }, async ({ err }) => {
  if (err) logger.error({ err }, 'shutting down after an error');
  await drain();
  await app.close();
  await metricsServer?.close();
  await runtime.close();
});
