// How far V8 lets the old generation grow past what is live before a full collection. On a machine
// with several GB its default factor reaches 4×: under a flood the messages waiting for the admission
// budget and the store outlive young collections, so most garbage is old, and a live heap of ~50 MB
// let the old generation reach ~180 MB (RSS 430 MB) before it was collected. At 2× the flood's peak
// is ~330 MB with ingest unchanged; 1.3× gave ~280 MB but cost a fifth of ingest (docs/benchmarks.md).
import v8 from 'node:v8';

/** The old generation grows to at most this much more than the live heap before a full collection. */
export const HEAP_GROWING_PERCENT = 100;

export function tuneHeap(): void {
  v8.setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}
