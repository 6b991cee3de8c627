import { fileURLToPath } from 'node:url'
import { pagePaths } from './app/routing/pages.ts'

/**
 * Where the built dashboard is and which paths are its pages: what the composition root hands the API to serve
 * (`buildApp(..., { dashboard: dashboardFiles })`). The files are built at install (build-if-stale.mjs).
 */
export const dashboardFiles = {
  root: fileURLToPath(new URL('../dist/', import.meta.url)),
  pages: pagePaths,
}
