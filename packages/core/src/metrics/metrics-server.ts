import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../logger.ts';
import type { Metrics } from './metrics.ts';

/**
 * GET /metrics on an admin port of its own (127.0.0.1 unless METRICS_HOST says otherwise), apart from
 * the public API: what it reveals (routes, queue sizes, load) is for the operators' Prometheus only,
 * and a network boundary protects it without a token to distribute. Never fatal: a port already in use
 * costs the metrics, not the service.
 */
export async function startMetricsServer(options: {
  metrics: Metrics;
  host: string;
  port: number;
  logger: Logger;
}): Promise<{ url: string | undefined; close(): Promise<void> }> {
  const { registry } = options.metrics;
  const server: Server = createServer((request, response) => {
    if (request.method !== 'GET' || request.url?.split('?')[0] !== '/metrics') {
      response.writeHead(404).end();
      return;
    }
    registry.metrics().then(
      (text) => response.writeHead(200, { 'content-type': registry.contentType }).end(text),
      (error: unknown) => {
        options.logger.warn({ err: error }, 'metrics collection failed');
        response.writeHead(503).end();
      },
    );
  });
  const url = await new Promise<string | undefined>((resolve) => {
    server.once('error', (error) => {
      options.logger.warn({ err: error, port: options.port }, 'metrics server not started');
      resolve(undefined);
    });
    server.listen(options.port, options.host, () => {
      const { address, port } = server.address() as AddressInfo;
      resolve(`http://${address}:${port}/metrics`);
    });
  });
  if (url) options.logger.info({ url }, 'metrics served');
  return {
    url,
    close: () => new Promise<void>((resolve) => (url ? server.close(() => resolve()) : resolve())),
  };
}

/** A process's metrics on its admin port, or nothing when that port is configured `off`. */
export function serveProcessMetrics(
  runtime: { metrics: Metrics; config: { metrics: { host: string } } },
  port: number | undefined,
  logger: Logger,
): Promise<{ url: string | undefined; close(): Promise<void> }> | undefined {
  if (port === undefined) return undefined;
  return startMetricsServer({ metrics: runtime.metrics, host: runtime.config.metrics.host, port, logger });
}
