import { defineConfig } from 'vite'

// Plain static files: the API serves them from dist/ (services/api/src/dashboard.ts). JSX is Preact's, set in
// tsconfig.json, which Vite's esbuild reads; no plugin is needed for it.
export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022', reportCompressedSize: true, sourcemap: false },
})
