import path from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { i18nSlices } from './build/i18n-slices.ts';

/**
 * The officer web app, built to static hashed files that the server serves under /app
 * (server/web-app.ts). `npm run dev` serves it with hot reload and proxies /api to a
 * running `npm start` on LOA_DEV_API (default http://127.0.0.1:3000).
 */
const webRoot = path.dirname(fileURLToPath(import.meta.url));

export default defineConfig({
  root: webRoot,
  base: '/app/',
  plugins: [i18nSlices(webRoot), react()],
  build: {
    outDir: path.join(webRoot, 'dist'),
    emptyOutDir: true,
    assetsDir: 'assets',
    // Chunk size is watched by the bench (row e), not by a build warning.
    chunkSizeWarningLimit: 2000,
    rolldownOptions: {
      output: {
        // What every page needs, the sign-in page first, in one file of its own: a new build of
        // the app's code leaves it cached on the phones. Everything else (Mantine's components,
        // charts, calendar, uploads) splits by the pages that import it, so the sign-in page
        // loads none of the rest.
        codeSplitting: {
          groups: [{ name: 'vendor', test: /[\\/]node_modules[\\/](react|react-dom|scheduler|react-router|@tanstack|i18next|react-i18next|openapi-fetch)[\\/]/ }],
        },
      },
    },
  },
  server: {
    proxy: { '/api': process.env.LOA_DEV_API ?? 'http://127.0.0.1:3000' },
  },
  logLevel: 'warn',
});
