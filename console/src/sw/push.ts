/// <reference lib="webworker" />
// Web Push in the service worker: a stub until the push handler lands here (it is the one place for
// push logic; src/sw.ts calls installPush(self) once at start).
export function installPush(_scope: ServiceWorkerGlobalScope): void {}
