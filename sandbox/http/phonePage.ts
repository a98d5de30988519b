import { readFile } from 'node:fs/promises';
import type http from 'node:http';
import { join } from 'node:path';

// Serves the phone simulator: plain files from sandbox/phone, no build step.

const PHONE_DIR = join(__dirname, '..', 'phone');
const FILES: Record<string, { file: string; type: string }> = {
	'/': { file: 'index.html', type: 'text/html; charset=UTF-8' },
	'/phone': { file: 'index.html', type: 'text/html; charset=UTF-8' },
	'/phone/phone.css': { file: 'phone.css', type: 'text/css; charset=UTF-8' },
	'/phone/phone.js': { file: 'phone.js', type: 'text/javascript; charset=UTF-8' },
	'/favicon.ico': { file: 'favicon.svg', type: 'image/svg+xml' },
};

export async function servePhonePage(res: http.ServerResponse, path: string) {
	const entry = FILES[path === '/phone/' ? '/phone' : path];
	if (!entry) {
		res.writeHead(404, { 'Content-Type': 'text/plain' });
		res.end('Not found');
		return;
	}
	try {
		const content = await readFile(join(PHONE_DIR, entry.file));
		res.writeHead(200, { 'Content-Type': entry.type, 'Content-Length': content.length, 'Cache-Control': 'no-cache' });
		res.end(content);
	} catch {
		res.writeHead(404, { 'Content-Type': 'text/plain' });
		res.end('Not found');
	}
}
