import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import { FileDedupeJournal } from './dedupeJournal';
import { InMemoryDedupeStore } from './dedupeStore';

function tempFile() {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dedupe-journal-'));
	return path.join(dir, 'nested', 'journal.jsonl');
}

describe('InMemoryDedupeStore with a FileDedupeJournal', () => {
	const clock = { now: 1_000_000 };
	const storeOn = (file: string, warn?: (m: string) => void) => new InMemoryDedupeStore({ now: () => clock.now, journal: new FileDedupeJournal(file, warn) });

	it('remembers claims across a restart (a new store on the same file)', async () => {
		const file = tempFile();
		const before = storeOn(file);
		await before.claim('wf:node:message:wamid.1', 60_000);
		const after = storeOn(file);
		await expect(after.claim('wf:node:message:wamid.1', 60_000)).resolves.toBe(false);
		await expect(after.claim('wf:node:message:wamid.2', 60_000)).resolves.toBe(true);
	});

	it('forgets released claims across a restart, so that a redelivery after a failed hand-over runs', async () => {
		const file = tempFile();
		const before = storeOn(file);
		await before.claim('k1', 60_000);
		await before.claim('k2', 60_000);
		await before.release(['k1']);
		const after = storeOn(file);
		await expect(after.claim('k1', 60_000)).resolves.toBe(true);
		await expect(after.claim('k2', 60_000)).resolves.toBe(false);
	});

	it('drops expired claims when loading and compacts the file to the live ones', async () => {
		const file = tempFile();
		const before = storeOn(file);
		await before.claim('old', 1_000);
		await before.claim('live', 60_000);
		clock.now += 2_000;
		const after = storeOn(file);
		await expect(after.claim('old', 60_000)).resolves.toBe(true);
		const lines = fs.readFileSync(file, 'utf8').trim().split('\n');
		expect(lines.map((line) => JSON.parse(line)[0])).toEqual(['live', 'old']);
	});

	it('skips a line cut short by a crash and keeps the rest', async () => {
		const file = tempFile();
		const before = storeOn(file);
		await before.claim('kept', 60_000);
		fs.appendFileSync(file, '["cut-sh');
		const after = storeOn(file);
		await expect(after.claim('kept', 60_000)).resolves.toBe(false);
	});

	it('keeps working from memory, with one warning, when the file cannot be written', async () => {
		const blocker = tempFile();
		fs.mkdirSync(path.dirname(blocker), { recursive: true });
		fs.writeFileSync(blocker, 'a file where a folder should be');
		const warnings: string[] = [];
		const store = storeOn(path.join(blocker, 'journal.jsonl'), (message) => warnings.push(message));
		await expect(store.claim('k', 60_000)).resolves.toBe(true);
		await expect(store.claim('k', 60_000)).resolves.toBe(false);
		await store.claim('k2', 60_000);
		expect(warnings).toHaveLength(1);
		expect(warnings[0]).toMatch(/remembered only until this process restarts/);
	});

	it('keeps keys with newlines and quotes intact', async () => {
		const file = tempFile();
		await storeOn(file).claim('a "b"\nc', 60_000);
		await expect(storeOn(file).claim('a "b"\nc', 60_000)).resolves.toBe(false);
	});
});
