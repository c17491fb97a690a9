// The built console (console/dist) at `/`: hashed assets cached for good, index.html never, and
// every other GET that is not the API, Socket.IO, metrics or MQTT answered with index.html so the
// console's own router can show /tech, /login, … after a reload (SPA fallback).
// The service worker (/sw.js) and the web app manifest are never cached by the browser's HTTP cache
// (no-cache, like index.html), so a new build reaches installed phones on their next visit.
// When the directory has no build, nothing is served and those paths get the JSON 404.
import path from 'node:path';
import express, { Router } from 'express';

/** The service worker's file in the build (console/vite.config.ts). */
const SERVICE_WORKER = 'sw.js';
/** Paths that belong to the server itself, never to the console. */
const SERVER_PATHS = /^\/(api|socket\.io|metrics|mqtt)(\/|$)/;
/** A last path segment with an extension names a file: a missing file is a 404, not the page. */
const FILE_LIKE = /\/[^/]*\.[^/]+$/;

export function consoleRouter(dir: string): Router {
  const r = Router();
  const index = path.join(dir, 'index.html');
  r.use(
    express.static(dir, {
      index: false,
      redirect: false,
      setHeaders(res, file) {
        // Vite puts content-hashed files under assets/: their name changes whenever they do.
        const hashed = path.relative(dir, file).startsWith(`assets${path.sep}`);
        res.setHeader('cache-control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache');
        // The worker sits at the root, so its scope is the whole console (this says so explicitly).
        if (path.relative(dir, file) === SERVICE_WORKER) res.setHeader('service-worker-allowed', '/');
      },
    }),
  );
  r.use((req, res, next) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || SERVER_PATHS.test(req.path)) return next();
    if (FILE_LIKE.test(req.path)) return next();
    res.setHeader('cache-control', 'no-cache');
    res.sendFile(index, (err) => {
      if (err && !res.headersSent) next(); // no build in `dir`: fall through to the JSON 404
    });
  });
  return r;
}
