// Debian's Chromium, headless, for the browser tests, the map benchmark and the screenshots:
// playwright-core brings no browser and downloads none (.ci/run apt-installs `chromium`). The flags
// keep it off the network (the machine has none) and away from first-run and update work.
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
] as const;

/**
 * A fresh headless Chromium (`launch` gives it a temporary user-data-dir, deleted on close); `extra`
 * flags after ours (e.g. a phone's autoplay policy).
 */
export async function launchChromium(extra: readonly string[] = []): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: apt-get install chromium (.ci/run does this)`);
  }
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: [...CHROMIUM_ARGS, ...extra] });
}

/** What a phone's browser does: no sound before the page has been tapped (headless allows it). */
export const PHONE_AUTOPLAY = '--autoplay-policy=user-gesture-required';
