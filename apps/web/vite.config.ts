import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/**
 * Vite configuration of the web app. `npm run build -w @vigil/web` writes `dist/`, which the
 * server serves with an SPA fallback; `npm run dev -w @vigil/web` proxies the API to a server
 * running on port 8080.
 */
export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Source maps help operators report UI bugs; they expose nothing the source does not.
    sourcemap: true,
  },
  server: {
    proxy: {
      '/api': { target: 'http://localhost:8080', changeOrigin: false },
    },
  },
});
