import {
  type Attributes,
  type Context,
  defaultTextMapGetter,
  defaultTextMapSetter,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  SpanStatusCode,
  trace,
} from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import type { OpenSpan, SpanAttributes, TraceCarrier, Tracing } from './tracing.ts';

/**
 * Tracing through the OpenTelemetry SDK, exported as OTLP/HTTP JSON in batches. Nothing is
 * registered globally: this module owns its context manager, tracer and propagator, so two runtimes
 * in one process (tests) trace independently.
 */
export function startOtelTracing(options: { url: string; serviceName: string }): Tracing {
  const contextManager = new AsyncLocalStorageContextManager().enable();
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ 'service.name': options.serviceName }),
    spanProcessors: [new BatchSpanProcessor({ exporter: new OTLPTraceExporter({ url: options.url }) })],
  });
  const tracer = provider.getTracer('wbn');
  const propagator = new W3CTraceContextPropagator();

  const start = (name: string, attributes: SpanAttributes, parent: Context, kind = SpanKind.INTERNAL) =>
    tracer.startSpan(name, { kind, attributes: clean(attributes) }, parent);
  const around = async <T>(span: Span, parent: Context, run: () => Promise<T>): Promise<T> => {
    try {
      return await contextManager.with(trace.setSpan(parent, span), run);
    } catch (error) {
      span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).name });
      throw error;
    } finally {
      span.end();
    }
  };

  return {
    enabled: true,
    inSpan(name, attributes, run) {
      const parent = contextManager.active();
      return around(start(name, attributes, parent), parent, run);
    },
    inSpanFrom(carrier, name, attributes, run) {
      const parent = carrier ? propagator.extract(ROOT_CONTEXT, carrier, defaultTextMapGetter) : ROOT_CONTEXT;
      return around(start(name, attributes, parent, SpanKind.CONSUMER), parent, run);
    },
    startSpan(name, attributes): OpenSpan {
      const parent = contextManager.active();
      const span = start(name, attributes, parent, SpanKind.SERVER);
      return {
        setAttributes: (more) => span.setAttributes(clean(more)),
        end(endOptions) {
          if (endOptions?.error) span.setStatus({ code: SpanStatusCode.ERROR });
          span.end();
        },
        activate: (run) => contextManager.with(trace.setSpan(parent, span), run),
      };
    },
    recordSpan(name, attributes, durationMs, error) {
      const endTime = Date.now();
      const span = tracer.startSpan(
        name,
        { kind: SpanKind.CLIENT, attributes: clean(attributes), startTime: endTime - durationMs },
        contextManager.active(),
      );
      if (error) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end(endTime);
    },
    currentCarrier() {
      const carrier: Partial<TraceCarrier> = {};
      propagator.inject(contextManager.active(), carrier, defaultTextMapSetter);
      return carrier.traceparent ? (carrier as TraceCarrier) : undefined;
    },
    flush: () => provider.forceFlush(),
    async shutdown() {
      await provider.shutdown();
      contextManager.disable();
    },
  };
}

function clean(attributes: SpanAttributes): Attributes {
  const result: Attributes = {};
  for (const [key, value] of Object.entries(attributes)) if (value !== undefined) result[key] = value;
  return result;
}
