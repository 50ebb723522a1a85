/**
 * Debian's Chromium driven by playwright-core (no browser download): headless, a fresh profile per
 * run, and no background traffic (the machine's network is closed; those requests only add noise).
 */
import * as fs from 'node:fs';
import { chromium, type BrowserContext } from 'playwright-core';

export function chromiumPath(): string {
  const candidates = [process.env.PIPELINE_SEAMS_CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter((p): p is string => !!p);
  const found = candidates.find((p) => fs.existsSync(p));
  if (!found) {
    throw new Error('Chromium not found: install Debian\'s `chromium` package (or set PIPELINE_SEAMS_CHROMIUM to a Chromium binary)');
  }
  return found;
}

export async function launchBrowser(profileDir: string): Promise<BrowserContext> {
  return chromium.launchPersistentContext(profileDir, {
    executablePath: chromiumPath(),
    headless: true,
    viewport: { width: 1400, height: 900 },
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
      '--no-first-run',
      '--disable-dev-shm-usage',
    ],
  });
}

/** Console messages the workbench prints offline that say nothing about the extension. */
const NOISE = [
  /vsda/i,
  /marketplace|gallery|open-vsx/i,
  /getaddrinfo|ENOTFOUND/,
  /Failed to load resource/i,
  /ERR_(INTERNET_DISCONNECTED|NAME_NOT_RESOLVED|CONNECTION_REFUSED)/,
];

export function isNoise(text: string): boolean {
  return NOISE.some((re) => re.test(text));
}
