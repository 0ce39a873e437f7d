import path from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/**
 * The officer web app, built to static hashed files that the server serves under /app
 * (server/web-app.ts). `npm run dev` serves it with hot reload and proxies /api to a
 * running `npm start` on LOA_DEV_API (default http://127.0.0.1:3000).
 */
const webRoot = path.dirname(fileURLToPath(import.meta.url));

export default defineConfig({
  root: webRoot,
  base: '/app/',
  plugins: [react()],
  build: {
    outDir: path.join(webRoot, 'dist'),
    emptyOutDir: true,
    assetsDir: 'assets',
    // Chunk size is watched by the bench (row e), not by a build warning.
    chunkSizeWarningLimit: 2000,
  },
  server: {
    proxy: { '/api': process.env.LOA_DEV_API ?? 'http://127.0.0.1:3000' },
  },
  logLevel: 'warn',
});
