import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { UsageError } from './cli.ts'

/** What a process counts, as a prom-client registry gives it. */
export interface MetricsSource {
  readonly contentType: string
  metrics(): Promise<string>
}

export interface MetricsListen {
  host: string
  port: number
}

export interface MetricsServer {
  /** Where Prometheus scrapes it: http://host:port/metrics. */
  url: string
  close(): Promise<void>
}

/** The help lines of the flags every process with a metrics endpoint of its own takes. */
export const metricsOptionHelp = [
  '--metrics-port N       serve GET /metrics (Prometheus text format) on this port; env METRICS_PORT; default: none',
  '--metrics-host H       the address it listens on (default 127.0.0.1, env METRICS_HOST); it asks no key, so keep',
  '                       it on a network only Prometheus reaches',
]

export const metricsOptions = { 'metrics-port': { type: 'string' }, 'metrics-host': { type: 'string' } } as const

/** Where to serve metrics from the flags, else the environment; undefined when neither asks for it. */
export function metricsListenOf(values: Record<string, unknown>, env: NodeJS.ProcessEnv = process.env): MetricsListen | undefined {
  const rawPort = values['metrics-port'] ?? env.METRICS_PORT
  if (rawPort === undefined || rawPort === '') return undefined
  const port = Number(rawPort)
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new UsageError(`--metrics-port (METRICS_PORT) must be a port number, not '${String(rawPort)}'`)
  const host = values['metrics-host'] ?? env.METRICS_HOST
  return { host: typeof host === 'string' && host !== '' ? host : '127.0.0.1', port }
}

/**
 * The metrics endpoint of a process that serves no API (`attribution project`, `attribution ingest`): plain node:http,
 * GET /metrics and nothing else, so a projector or an ingestor needs no web framework.
 */
export async function serveMetrics(source: MetricsSource, { host, port }: MetricsListen): Promise<MetricsServer> {
  const server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0]
    if (path !== '/metrics') {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found: metrics are at /metrics\n')
      return
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain' }).end('method not allowed\n')
      return
    }
    source.metrics().then(
      (text) => response.writeHead(200, { 'content-type': source.contentType }).end(request.method === 'HEAD' ? undefined : text),
      (error: unknown) => response.writeHead(500, { 'content-type': 'text/plain' }).end(`metrics failed: ${(error as Error).message}\n`),
    )
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => resolve())
  })
  const address = server.address() as AddressInfo
  const shown = address.family === 'IPv6' ? `[${address.address}]` : address.address
  return {
    url: `http://${shown}:${address.port}/metrics`,
    close: () => new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  }
}
