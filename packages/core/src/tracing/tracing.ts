import type { Config } from '../config.ts';

/** Attributes of a span: what it did, never content (no bodies, no statement parameters). */
export type SpanAttributes = Record<string, string | number | boolean | undefined>;

/** The W3C trace context of a span, as it travels in a job's data. */
export interface TraceCarrier {
  traceparent: string;
  tracestate?: string;
}

/** A span started by `startSpan`; whoever started it ends it. */
export interface OpenSpan {
  setAttributes(attributes: SpanAttributes): void;
  end(options?: { error?: boolean }): void;
  /** Runs `run` with this span as the current one, so the spans it causes are its children. */
  activate<T>(run: () => T): T;
}

/**
 * What the processes trace with. Without a configured collector it is `noTracing`: every method
 * calls straight through, and OpenTelemetry is never loaded.
 */
export interface Tracing {
  readonly enabled: boolean;
  /** A span around `run`, child of the current span; it records a thrown error. */
  inSpan<T>(name: string, attributes: SpanAttributes, run: () => Promise<T>): Promise<T>;
  /** A span whose parent is `carrier` (a job's origin) or nothing, around `run`. */
  inSpanFrom<T>(
    carrier: TraceCarrier | undefined,
    name: string,
    attributes: SpanAttributes,
    run: () => Promise<T>,
  ): Promise<T>;
  /** For work whose start and end are in different callbacks (an HTTP request's hooks). */
  startSpan(name: string, attributes: SpanAttributes): OpenSpan;
  /** A span that already happened (a SQL statement, timed by Kysely), child of the current span. */
  recordSpan(name: string, attributes: SpanAttributes, durationMs: number, error?: boolean): void;
  /** The current span's context, to put in a job's data; undefined outside a span. */
  currentCarrier(): TraceCarrier | undefined;
  /** Sends what is buffered to the collector. */
  flush(): Promise<void>;
  shutdown(): Promise<void>;
}

const noSpan: OpenSpan = {
  setAttributes() {},
  end() {},
  activate: (run) => run(),
};

export const noTracing: Tracing = {
  enabled: false,
  inSpan: (_name, _attributes, run) => run(),
  inSpanFrom: (_carrier, _name, _attributes, run) => run(),
  startSpan: () => noSpan,
  recordSpan() {},
  currentCarrier: () => undefined,
  flush: async () => {},
  shutdown: async () => {},
};

/**
 * OpenTelemetry tracing when a collector is configured (OTEL_EXPORTER_OTLP_ENDPOINT), else
 * `noTracing`. The SDK is imported only then: a process that does not trace never loads it.
 */
export async function startTracing(config: Config['tracing'], defaultServiceName: string): Promise<Tracing> {
  if (!config.tracesUrl) return noTracing;
  const { startOtelTracing } = await import('./otel-tracing.ts');
  return startOtelTracing({ url: config.tracesUrl, serviceName: config.serviceName ?? defaultServiceName });
}
