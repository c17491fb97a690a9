import { performance } from 'node:perf_hooks';
import { roadNetworkOf } from '../server/src/roads/network';
import { roadCity } from './lib/road-city';
const city = roadCity({ side: 180 });
const net = roadNetworkOf(city.roads);
const b = city.box;
let seed = 1; const rnd = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
const p = () => ({ lat: b.minLat + rnd() * (b.maxLat - b.minLat), lng: b.minLng + rnd() * (b.maxLng - b.minLng) });
const ms: number[] = [];
for (let i = 0; i < 300; i++) { const a = p(), c = p(); const t = performance.now(); net.route(a, c); ms.push(performance.now() - t); }
ms.sort((x, y) => x - y); console.log(process.env.ALGO, ms[150], ms[297]);
