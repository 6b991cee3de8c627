import { existsSync } from 'node:fs'
import path from 'node:path'
import fastifyStatic from '@fastify/static'
import type { FastifyInstance } from 'fastify'

/** The dashboard's built files and the paths of its pages, each of which is the same page (index.html) in a browser. */
export interface DashboardFiles {
  root: string
  pages: readonly string[]
}

/**
 * Serves the dashboard: its hashed assets for a year (a new build has new names), index.html at `/` and at every
 * page's path, never cached, so a link to `/funnel?from=...` opens the page it names. The dashboard reads the public
 * API like any client; serving it here only puts both on one origin. When the files were never built, the page paths
 * answer 503 with how to build them instead of a bare 404.
 */
export async function registerDashboard(app: FastifyInstance, files: DashboardFiles): Promise<void> {
  const index = path.join(files.root, 'index.html')
  if (!existsSync(index)) {
    const notBuilt = {
      error: 'Service Unavailable',
      message: `the dashboard is not built (no ${index}): run \`pnpm --filter @attribution/dashboard build\``,
    }
    for (const page of new Set(['/', ...files.pages])) {
      app.get(page, { schema: { hide: true } }, async (_request, reply) => reply.status(503).send(notBuilt))
    }
    return
  }
  await app.register(fastifyStatic, {
    root: files.root,
    wildcard: false,
    index: 'index.html',
    setHeaders(reply, file) {
      const hashed = file.includes(`${path.sep}assets${path.sep}`)
      reply.header('cache-control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache')
    },
  })
  for (const page of files.pages.filter((page) => page !== '/')) {
    app.get(page, { schema: { hide: true } }, async (_request, reply) => reply.header('cache-control', 'no-cache').sendFile('index.html'))
  }
}
