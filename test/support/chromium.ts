import { chromium, type Browser } from 'playwright-core';

// Debian's Chromium (scripts/ensure-chromium.sh installs it), headless, with nothing that reaches
// for the network by itself: the machine has no internet beyond npm and Debian.
const CHROMIUM_ARGS = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
];

/** A browser for the page tests; playwright gives every launch a fresh temporary profile. */
export function launchChromium(): Promise<Browser> {
	return chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
}
