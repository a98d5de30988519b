import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { errorCode, errorMessage } from '../caughtError';

/**
 * Keeps an in-process duplicate memory across restarts: Meta redelivers what it thinks failed,
 * also after n8n was restarted, and a memory that died with the process would run those twice.
 */
export interface DedupeJournal {
	/** Claims recorded so far: key → expiry (ms since the epoch); a released key is absent. */
	load(): Map<string, number>;
	/** Replaces the journal by exactly these claims (compaction). */
	rewrite(live: ReadonlyMap<string, number>): void;
	recordClaim(key: string, until: number, live: ReadonlyMap<string, number>): void;
	recordRelease(key: string, live: ReadonlyMap<string, number>): void;
}

/**
 * An append-only file of JSON lines `[key, expiry]` (expiry 0 = released), compacted when it
 * holds more dead lines than live ones. One small synchronous append per claim (a few µs) keeps
 * a claim on disk before Meta hears 200. A write failure turns the journal off with one warning:
 * the trigger then keeps working with its memory alone.
 */
export class FileDedupeJournal implements DedupeJournal {
	private fd: number | undefined;
	private lines = 0;
	private disabled = false;

	constructor(
		readonly file: string,
		private readonly warn: (message: string) => void = () => undefined,
	) {}

	load(): Map<string, number> {
		const claims = new Map<string, number>();
		let text: string;
		try {
			text = fs.readFileSync(this.file, 'utf8');
		} catch (error) {
			if (errorCode(error) !== 'ENOENT') this.fail('could not be read', error);
			return claims;
		}
		for (const line of text.split('\n')) {
			if (!line) continue;
			try {
				const [key, until] = JSON.parse(line) as [unknown, unknown];
				if (typeof key !== 'string' || typeof until !== 'number') continue;
				if (until > 0) claims.set(key, until);
				else claims.delete(key);
			} catch {
				// a line cut short by a crash: its claim is lost, the rest stands
			}
		}
		return claims;
	}

	rewrite(live: ReadonlyMap<string, number>): void {
		if (this.disabled) return;
		try {
			fs.mkdirSync(path.dirname(this.file), { recursive: true });
			const staging = `${this.file}.${process.pid}.tmp`;
			let text = '';
			for (const [key, until] of live) text += `${JSON.stringify([key, until])}\n`;
			fs.writeFileSync(staging, text, { mode: 0o600 });
			fs.renameSync(staging, this.file);
			if (this.fd !== undefined) fs.closeSync(this.fd);
			this.fd = fs.openSync(this.file, 'a');
			this.lines = live.size;
		} catch (error) {
			this.fail('could not be written', error);
		}
	}

	recordClaim(key: string, until: number, live: ReadonlyMap<string, number>): void {
		this.append(key, until, live);
	}

	recordRelease(key: string, live: ReadonlyMap<string, number>): void {
		this.append(key, 0, live);
	}

	private append(key: string, until: number, live: ReadonlyMap<string, number>): void {
		if (this.disabled) return;
		if (this.fd === undefined) return this.rewrite(live);
		try {
			fs.writeSync(this.fd, `${JSON.stringify([key, until])}\n`);
			this.lines++;
		} catch (error) {
			return this.fail('could not be written', error);
		}
		if (this.lines > 2 * live.size + 10_000) this.rewrite(live);
	}

	private fail(what: string, error: unknown): void {
		this.disabled = true;
		if (this.fd !== undefined) fs.closeSync(this.fd);
		this.fd = undefined;
		this.warn(`the duplicate memory's journal ${this.file} ${what} (${errorMessage(error)}): duplicates are remembered only until this process restarts`);
	}
}

/** Where n8n keeps its own files (N8N_USER_FOLDER or the home folder, then .n8n), so the journal lives beside n8n's data. */
export function defaultDedupeJournalFile(): string {
	const userFolder = process.env.N8N_USER_FOLDER || os.homedir();
	return path.join(userFolder, '.n8n', 'n8n-nodes-whatsapp-mcp', 'dedupe-journal.jsonl');
}
