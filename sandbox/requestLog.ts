// Every Graph API request the sandbox answered, for tests to inspect.

export interface RequestRecord {
	id: number;
	at: string;
	method: string;
	path: string;
	query: Record<string, string>;
	/** Authorization is never recorded; this says which kind of token came. */
	auth: 'none' | 'system' | 'app' | 'invalid';
	body: unknown;
	status: number;
	response: unknown;
}

export class RequestLog {
	private readonly records: RequestRecord[] = [];

	add(record: Omit<RequestRecord, 'id'>) {
		this.records.push({ id: this.records.length + 1, ...record });
	}

	/** The log itself (not a copy), oldest first. */
	list(): RequestRecord[] {
		return this.records;
	}

	clear() {
		this.records.length = 0;
	}
}
