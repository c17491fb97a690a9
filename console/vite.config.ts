// Vite build of the console: root is this folder, output console/dist (served by the server at `/`).
// In development (`npm run dev:console`) the API and Socket.IO are proxied to a local server.
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vite';

// Vite keeps import.meta.url pointing at this file when it bundles the config.
const root = decodeURIComponent(new URL('.', import.meta.url).pathname);
const target = 'http://127.0.0.1:8080';

export default defineConfig({
  root,
  plugins: [svelte()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // No source maps in the build: they would publish the console's source (the server refuses *.map too).
    sourcemap: false,
    chunkSizeWarningLimit: 800,
  },
  server: {
    port: 5173,
    proxy: {
      '/api': { target, changeOrigin: false },
      '/socket.io': { target, ws: true },
    },
  },
});
