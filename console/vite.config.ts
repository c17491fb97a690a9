// Vite build of the console: root is this folder, output console/dist (served by the server at `/`).
// In development (`npm run dev:console`) the API and Socket.IO are proxied to a local server.
// vite-plugin-pwa (injectManifest) builds the service worker from src/sw.ts with the list of every
// built file injected, and writes the web app manifest (the technician phone installs /tech).
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';

// Vite keeps import.meta.url pointing at this file when it bundles the config.
const root = decodeURIComponent(new URL('.', import.meta.url).pathname);
const target = 'http://127.0.0.1:8080';

export default defineConfig({
  root,
  plugins: [
    svelte(),
    VitePWA({
      strategies: 'injectManifest',
      srcDir: 'src',
      filename: 'sw.ts',
      // Registered by the technician page itself (lib/offline/register-sw.ts): no script injected,
      // so the CSP needs no inline script.
      injectRegister: false,
      includeAssets: ['icons/*.png'],
      manifest: {
        name: '红帆维修 Redsail',
        short_name: '红帆维修',
        description: '红帆工单：技术员手机端 · Redsail technician',
        lang: 'zh-CN',
        start_url: '/tech',
        scope: '/',
        display: 'standalone',
        orientation: 'portrait',
        background_color: '#ffffff',
        theme_color: '#c0392b',
        icons: [
          { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any maskable' },
        ],
      },
      injectManifest: {
        globPatterns: ['**/*.{js,css,html,png,svg,webmanifest}'],
        // The console's main chunk is large (Leaflet, uPlot, Socket.IO): precache it all the same.
        maximumFileSizeToCacheInBytes: 8 * 1024 * 1024,
        // Sources maps are neither built nor served; nothing else to leave out.
        globIgnores: ['**/*.map'],
        // One classic script, for phones whose browsers do not run module service workers.
        rollupFormat: 'iife',
      },
    }),
  ],
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
