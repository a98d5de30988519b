/**
 * The part of Express's response that tells how n8n answered a delivery after the node returned.
 * n8n answers an `onReceived` webhook that returned items only once the execution exists (regular
 * mode) or is queued (queue mode), and with a 5xx when that fails (n8n 2.40 `webhook-helpers`
 * `executeWebhook`): the answer is the hand-over's outcome.
 */
export interface HandOverResponse {
	statusCode: number;
	status(code: number): unknown;
	once(event: 'finish' | 'close', listener: () => void): unknown;
	readonly writableFinished: boolean;
}

/** A client that hung up is never answered: after this long its claims are kept as they are. */
const UNANSWERED_AFTER_MS = 10 * 60_000;

/**
 * Calls `settled(status)` once with the status n8n answers the delivery with. The status is read
 * when n8n sets it (res.status), because a response to a client that already hung up (Meta timed
 * out) never emits 'finish', and its claims must still be released if the hand-over then fails.
 */
export function watchHandOver(res: HandOverResponse, settled: (status: number) => void): void {
	let done = false;
	const originalStatus = res.status;
	const settle = (status: number) => {
		if (done) return;
		done = true;
		res.status = originalStatus;
		settled(status);
	};
	res.status = function (this: HandOverResponse, code: number) {
		settle(code);
		return originalStatus.call(this, code);
	};
	res.once('finish', () => settle(res.statusCode));
	res.once('close', () => {
		if (!res.writableFinished) setTimeout(() => settle(0), UNANSWERED_AFTER_MS).unref();
	});
}

/** Whether an answer means n8n took the delivery over (0: never answered, taken as taken over). */
export const handedOver = (status: number): boolean => status === 0 || (status >= 200 && status < 300);
