// Imported first by main.ts: zod parses without generating code. Otherwise zod probes `new Function`
// once to decide, which the server's Content-Security-Policy (script-src 'self', no 'unsafe-eval')
// refuses and the browser reports as a violation.
import { z } from 'zod';

z.config({ jitless: true });
