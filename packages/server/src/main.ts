import { ConfigError, loadConfig } from './config.js';

/**
 * `npm start`: validate config, start tracing when OTEL_EXPORTER_OTLP_ENDPOINT is set, then serve.
 * Nothing here may load Fastify or `node:http` before tracing has started (it patches them as they
 * load), so the server is imported afterwards; with tracing off its module is never imported.
 */
async function main(): Promise<void> {
  const config = loadConfig(process.env, process.cwd());
  const tracing = config.otlpEndpoint
    ? await (await import('./adapters/tracing/otel.js')).startTracing({ endpoint: config.otlpEndpoint, redactPath: (await import('./adapters/http/redact-path.js')).redactPath })
    : undefined;
  const { serve } = await import('./serve.js');
  await serve(config, { tracing });
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) console.error(error.message);
  else console.error('Laurel failed to start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
