// Entry point of the console: global styles, then the App shell.
import './zod-jitless';
import { mount } from 'svelte';
import App from './App.svelte';
// The console's CJK face, self-hosted (no CDN): Noto Sans SC as a variable font (every weight in one
// file per slice), split by unicode-range into ~100 woff2 slices of which the browser loads only
// those the page's characters need. A kiosk without CJK fonts reads right; see app.css's stack.
import '@fontsource-variable/noto-sans-sc/wght.css';
import './app.css';
import { applyTheme } from './lib/shift/prefs.svelte';

// The remembered day / night theme, before the first paint.
applyTheme();

const target = document.getElementById('app');
if (!target) throw new Error('#app is missing from index.html');

export default mount(App, { target });
