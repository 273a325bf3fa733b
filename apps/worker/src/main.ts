import { loadConfig } from '@wbn/core/config';
import { createLogger } from '@wbn/core/logger';
import { serveProcessMetrics } from '@wbn/core/metrics/metrics-server';
import { createRuntime } from '@wbn/core/runtime';
import closeWithGrace from 'close-with-grace';
import { createHandlers } from './handlers.ts';
import { startWorker } from './worker.ts';

/** The worker alone: run any number of them; pg-boss hands each job to exactly one (SKIP LOCKED). */
const config = loadConfig();
const logger = createLogger({ level: config.logLevel, name: 'worker' });
const runtime = await createRuntime({ config, logger, serviceName: 'wbn-worker' });
const { handlers, close } = createHandlers(runtime);
await startWorker({ boss: runtime.boss, logger, handlers, tracing: runtime.tracing });
const metricsServer = await serveProcessMetrics(runtime, config.metrics.workerPort, logger);

// pg-boss's graceful stop (in runtime.close) waits for in-flight jobs before the pool closes.
closeWithGrace({ delay: 30_000, logger }, async ({ err }) => {
  if (err) logger.error({ err }, 'shutting down after an error');
  await runtime.close();
  await close();
  await metricsServer?.close();
});
