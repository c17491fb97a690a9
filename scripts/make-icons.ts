// Renders the console's app icons (console/public/icons/icon-{192,512}.png) from one SVG in Debian's
// Chromium (playwright-core, no download). Run once when the icon changes: npx tsx scripts/make-icons.ts
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { launchChromium } from './lib/chromium';

// A red sail on a white field, inside the maskable safe zone (the middle 80 %).
const SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100">
  <rect width="100" height="100" fill="#c0392b"/>
  <path d="M52 18 L52 70 L24 70 Z" fill="#ffffff"/>
  <path d="M56 24 C70 36 74 52 72 70 L56 70 Z" fill="#ffffff" opacity="0.85"/>
  <path d="M22 76 L78 76 L70 84 L30 84 Z" fill="#ffffff"/>
</svg>`;

const out = path.resolve(import.meta.dirname, '../console/public/icons');
mkdirSync(out, { recursive: true });
const browser = await launchChromium();
try {
  for (const size of [192, 512]) {
    const page = await browser.newPage({ viewport: { width: size, height: size } });
    await page.setContent(
      `<html><body style="margin:0">${SVG.replace('<svg ', `<svg width="${size}" height="${size}" `)}</body></html>`,
    );
    await page.screenshot({ path: path.join(out, `icon-${size}.png`), omitBackground: false });
    await page.close();
  }
} finally {
  await browser.close();
}
