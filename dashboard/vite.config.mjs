// Builds the dashboard (Preact + TypeScript) into dist/dashboard-app, served by the service at /dashboard.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/dashboard/',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: fileURLToPath(new URL('../dist/dashboard-app', import.meta.url)),
    emptyOutDir: true,
    // Everything is served by the service itself: no CDN, nothing fetched at run time.
    assetsInlineLimit: 0,
    sourcemap: true,
  },
  logLevel: 'warn',
});
