import type { ClientRequest, IncomingMessage, RequestOptions } from 'node:http';
import type { Span } from '@opentelemetry/api';

export interface Tracing {
  /** Sends the spans still buffered, then stops. */
  shutdown(): Promise<void>;
}

export interface TracingOptions {
  /** OTLP/HTTP base URL (`/v1/traces` is added), from OTEL_EXPORTER_OTLP_ENDPOINT. */
  endpoint: string;
  /** Default `laurel` unless OTEL_SERVICE_NAME says otherwise. */
  serviceName?: string | undefined;
  /** A request URL as it may be recorded (the HTTP adapter's log rule: no query string, no token segment). */
  redactPath: (url: string) => string;
}

/**
 * OpenTelemetry traces over OTLP/HTTP: a span per incoming request (named by its route pattern by
 * @fastify/otel, under the HTTP server span) and per outgoing HTTP request. Only this module imports
 * the SDK, and only `main.ts` imports this module, dynamically, when an endpoint is configured: with
 * tracing off none of it is loaded. It must start before Fastify and `node:http` are first loaded.
 *
 * Nothing secret goes into a span: incoming paths are redacted as in the logs (no query string, no
 * e-mailed token segment), outgoing URLs keep only their origin (a webhook URL may carry a secret),
 * and no header is recorded. Only traces are exported (no OTLP metrics or logs: /metrics and stdout do that).
 */
export async function startTracing(o: TracingOptions): Promise<Tracing> {
  const { redactPath } = o;
  const [{ NodeSDK }, { OTLPTraceExporter }, { HttpInstrumentation }, fastifyOtel] = await Promise.all([
    import('@opentelemetry/sdk-node'),
    import('@opentelemetry/exporter-trace-otlp-http'),
    import('@opentelemetry/instrumentation-http'),
    import('@fastify/otel'),
  ]);
  const FastifyOtelInstrumentation = fastifyOtel.FastifyOtelInstrumentation ?? fastifyOtel.default;
  const sdk = new NodeSDK({
    serviceName: process.env.OTEL_SERVICE_NAME || o.serviceName || 'laurel',
    traceExporter: new OTLPTraceExporter({ url: `${o.endpoint.replace(/\/+$/, '')}/v1/traces` }),
    // Traces only: the SDK would otherwise also push OTLP metrics and logs by default.
    metricReaders: [],
    logRecordProcessors: [],
    instrumentations: [
      new HttpInstrumentation({
        startIncomingSpanHook: (request: IncomingMessage) => ({ 'url.path': redactPath(request.url ?? '/'), 'http.target': redactPath(request.url ?? '/'), ...(request.url?.includes('?') ? { 'url.query': '[redacted]' } : {}) }),
        startOutgoingSpanHook: (request: RequestOptions) => {
          const origin = `${request.protocol ?? 'http:'}//${request.hostname ?? request.host ?? ''}${request.port ? `:${request.port}` : ''}`;
          return { 'url.full': origin, 'http.url': origin, 'url.path': '[redacted]', 'http.target': '[redacted]' };
        },
        requestHook: (span: Span, request: ClientRequest | IncomingMessage) => {
          if ('path' in request && typeof request.path === 'string') span.setAttribute('http.target', '[redacted]');
        },
      }),
      new FastifyOtelInstrumentation({
        registerOnInitialization: true,
        requestHook: (span: Span, request: { url: string }) => void span.setAttribute('url.path', redactPath(request.url)),
      }),
    ],
  });
  sdk.start();
  return { shutdown: () => sdk.shutdown() };
}
