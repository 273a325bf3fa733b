import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { waitFor } from '@wbn/core/testing/wait';
import { createHandlers } from '@wbn/worker/handlers';
import { startWorker } from '@wbn/worker/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmtpSink } from './smtp-sink.ts';
import { createTestApp, type TestApp, uniqueName } from './test-app.ts';

/** A span as OTLP/HTTP JSON carries it (ids in hex). */
interface ReceivedSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  attributes: { key: string; value: { stringValue?: string; intValue?: string | number } }[];
}

/** A real OTLP/HTTP collector: POST /v1/traces with the JSON encoding; keeps every span. */
async function startOtlpReceiver() {
  const spans: ReceivedSpan[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      if (request.method !== 'POST' || request.url !== '/v1/traces') {
        response.writeHead(404).end();
        return;
      }
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
        resourceSpans: { scopeSpans: { spans: ReceivedSpan[] }[] }[];
      };
      for (const resource of body.resourceSpans)
        for (const scope of resource.scopeSpans) spans.push(...scope.spans);
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    spans,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const attribute = (span: ReceivedSpan, key: string) => {
  const value = span.attributes.find((a) => a.key === key)?.value;
  return value?.stringValue ?? value?.intValue;
};

let t: TestApp;
let receiver: Awaited<ReturnType<typeof startOtlpReceiver>>;
let smtp: Awaited<ReturnType<typeof startSmtpSink>>;
let stopMailer: () => void;
let baseUrl: string;

beforeAll(async () => {
  receiver = await startOtlpReceiver();
  smtp = await startSmtpSink();
  t = await createTestApp({ env: { SMTP_URL: smtp.url, OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url } });
  const worker = createHandlers(t);
  stopMailer = worker.close;
  await startWorker({ boss: t.boss, logger: t.logger, handlers: worker.handlers, tracing: t.tracing });
  baseUrl = await t.app.listen({ host: '127.0.0.1', port: 0 });
});
afterAll(async () => {
  await t?.close();
  stopMailer?.();
  await smtp?.close();
  await receiver?.close();
});

describe('OpenTelemetry tracing', () => {
  it('traces a request, its procedure, its SQL and the job it enqueued in one trace', async () => {
    const email = `${uniqueName('traced')}@example.org`;
    await t.signup(uniqueName('traced'), { email });
    const response = await fetch(`${baseUrl}/api/auth/reset-password-request`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email }),
    });
    expect(response.status).toBe(200);
    const requestId = response.headers.get('x-request-id');
    await smtp.nextMailTo(email);

    const http = await waitFor(
      async () => {
        await t.tracing.flush();
        return receiver.spans.find((s) => attribute(s, 'request.id') === requestId);
      },
      'the request span',
      8000,
    );
    expect(http.name).toBe('POST /api/auth/reset-password-request');
    expect(attribute(http, 'http.response.status_code')).toBe(200);
    const inTrace = () => receiver.spans.filter((s) => s.traceId === http.traceId);

    const job = await waitFor(
      async () => {
        await t.tracing.flush();
        return inTrace().find((s) => s.name === 'job password-reset');
      },
      'the job span in the request trace',
      8000,
    );
    const procedure = inTrace().find((s) => s.name === 'procedure auth.resetPasswordRequest');
    expect(procedure?.parentSpanId).toBe(http.spanId);
    // The job continues the trace from inside the procedure that enqueued it.
    const byId = new Map(inTrace().map((s) => [s.spanId, s]));
    const ancestors = (span: ReceivedSpan): string[] => {
      const parent = span.parentSpanId ? byId.get(span.parentSpanId) : undefined;
      return parent ? [parent.spanId, ...ancestors(parent)] : [];
    };
    expect(ancestors(job)).toContain(procedure?.spanId);

    const statements = inTrace().filter((s) => attribute(s, 'db.system.name') === 'postgresql');
    const procedureStatements = statements.filter((s) => ancestors(s).includes(procedure?.spanId ?? ''));
    expect(procedureStatements.map((s) => s.name)).toContain('SELECT');
    // Statement text with placeholders only: the address looked up is not in any span.
    expect(JSON.stringify(inTrace())).not.toContain(email);
  });
});
