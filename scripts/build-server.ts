// `npm run build:server`: bundles the server into dist/server (scripts/lib/build-server.ts).
import { buildServer } from './lib/build-server';

const entry = buildServer(process.cwd());
process.stdout.write(`built ${entry}\n`);
