// Vite build of the web UI: `vite build --config web/vite.config.ts` → web/dist (served by `tokenfold serve`).
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  // The page uses the package's browser-safe entries, built from source here.
  resolve: {
    alias: {
      'tokenfold/conversation': fileURLToPath(new URL('../src/conversation/index.ts', import.meta.url)),
      'tokenfold/protocol': fileURLToPath(new URL('../src/protocol/index.ts', import.meta.url)),
    },
  },
  // Built-in esbuild JSX (no React plugin needed).
  esbuild: { jsx: 'automatic' },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    assetsDir: 'assets',
    target: 'es2022',
    chunkSizeWarningLimit: 800,
  },
  // `vite --config web/vite.config.ts` during development: API calls go to a running `tokenfold serve`.
  server: {
    proxy: { '/api': { target: process.env.TOKENFOLD_URL ?? 'http://127.0.0.1:3013', changeOrigin: true } },
  },
});
