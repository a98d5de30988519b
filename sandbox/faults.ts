import { GraphError, graphErrors } from './graphError';

// Injected faults: the next matching Graph API requests fail or stall, to test callers' retries.

export interface FaultSpec {
	/** How many matching requests fail (default 1). */
	count?: number;
	/** HTTP status to answer with; omit to only delay. */
	status?: number;
	/** Graph error code in the body (default 1 for 5xx, 130429 for 429, 100 otherwise). */
	code?: number;
	message?: string;
	delayMs?: number;
	/** Only requests whose path contains this string. */
	path?: string;
}

export interface ActiveFault extends Required<Pick<FaultSpec, 'count'>>, Omit<FaultSpec, 'count'> {}

export class FaultInjector {
	private faults: ActiveFault[] = [];

	inject(fault: FaultSpec) {
		this.faults.push({ ...fault, count: fault.count ?? 1 });
	}

	/** The fault that applies to this request, if any (and counts it down). */
	take(path: string): ActiveFault | undefined {
		const fault = this.faults.find((f) => f.count > 0 && (!f.path || path.includes(f.path)));
		if (!fault) return undefined;
		fault.count -= 1;
		this.faults = this.faults.filter((f) => f.count > 0);
		return fault;
	}

	clear() {
		this.faults = [];
	}
}

/** The Graph error a fault answers with; undefined for a fault that only delays. */
export function faultError(fault: ActiveFault): GraphError | undefined {
	if (fault.status === undefined) return undefined;
	const code = fault.code ?? (fault.status >= 500 ? 1 : fault.status === 429 ? 130429 : 100);
	return graphErrors.injected(fault.status, code, fault.message);
}
