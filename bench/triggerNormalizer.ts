// The WhatsApp Trigger's own cost per webhook, outside n8n: signature check + envelope validation +
// normalization, against JSON.parse alone on the same bytes (the least any receiver must do).
// Rows marked 1.2 normalize into the item shape of node version 1.2 (Meta's 2026 Cloud API).
// Run: npx tsx bench/triggerNormalizer.ts
import { normalizeWebhook, validateWebhookEnvelope, type NormalizeOptions } from '../nodes/shared/whatsapp/normalizeWebhook';
import { signWebhookBody, verifyWebhookSignature } from '../nodes/shared/whatsapp/webhookSignature';
import { bsuidTextMessage, examples2026, historyChange } from '../test/fixtures/meta2026Examples';
import { envelope, messageExamples, messagesValue, statusExamples, statusesValue } from '../test/fixtures/metaWebhookExamples';
import { printTable, ratio } from './lib/measure';

const APP_SECRET = 'bench-app-secret';
const V1: NormalizeOptions = {};
const V1_2: NormalizeOptions = { itemShape: '2026' };

const textMessage = envelope([{ value: messagesValue([messageExamples.text]) }]);
const history500 = historyChange(5, 100);

const bodies: Array<{ name: string; body: unknown; options: NormalizeOptions }> = [
	{ name: 'one text message', body: textMessage, options: V1 },
	{ name: 'one image message', body: envelope([{ value: messagesValue([messageExamples.image]) }]), options: V1 },
	{
		name: 'batch: 20 messages + 20 statuses',
		body: envelope([
			{ value: messagesValue(Array.from({ length: 20 }, (_, i) => ({ ...messageExamples.text, id: `wamid.b${i}` }))) },
			{ value: statusesValue(Array.from({ length: 20 }, (_, i) => ({ ...statusExamples.delivered, id: `wamid.s${i}` }))) },
		]),
		options: V1,
	},
	{ name: '1.2: one text message (same body as row 1)', body: textMessage, options: V1_2 },
	{ name: '1.2: BSUID text message, username, no phone', body: bsuidTextMessage, options: V1_2 },
	{ name: '1.2: business app echo', body: examples2026.textEcho, options: V1_2 },
	{ name: '1.2: history, 500 messages → 1 summary item', body: history500, options: V1_2 },
	{ name: '1.2: history, 500 messages → 500 items (Expand History)', body: history500, options: { ...V1_2, expandHistory: true } },
];

/** Microseconds per call: the median of several timed batches, after a warm-up. */
function microsPerCall(fn: () => unknown, callsPerBatch: number, batches = 7): number {
	for (let i = 0; i < callsPerBatch; i++) fn();
	const perCall: number[] = [];
	for (let b = 0; b < batches; b++) {
		const started = process.hrtime.bigint();
		for (let i = 0; i < callsPerBatch; i++) fn();
		perCall.push(Number(process.hrtime.bigint() - started) / 1e3 / callsPerBatch);
	}
	return perCall.sort((a, c) => a - c)[Math.floor(batches / 2)];
}

const rows: Array<Array<string | number>> = [];
for (const { name, body, options } of bodies) {
	const raw = Buffer.from(JSON.stringify(body));
	// 20,000 calls per batch for ordinary bodies; large ones (the history chunk) fewer, same total bytes.
	const calls = raw.length < 10_000 ? 20_000 : Math.max(200, Math.round(20_000_000 / raw.length));
	const signature = signWebhookBody(raw, APP_SECRET);
	const normalize = () => {
		const check = validateWebhookEnvelope(JSON.parse(raw.toString('utf8')));
		if (!check.ok) throw new Error(check.reason);
		return normalizeWebhook(check.envelope, options);
	};
	const parseOnly = microsPerCall(() => JSON.parse(raw.toString('utf8')), calls);
	const parseAndNormalize = microsPerCall(normalize, calls);
	const full = microsPerCall(() => {
		if (!verifyWebhookSignature(raw, signature, APP_SECRET).valid) throw new Error('signature');
		return normalize();
	}, calls);
	rows.push([name, raw.length, normalize().length, parseOnly.toFixed(2), parseAndNormalize.toFixed(2), full.toFixed(2), ratio(full, parseOnly)]);
}

console.log('Cost per webhook body (µs, median of 7 batches of 20,000 calls, fewer for bodies over 10 kB; Node', process.version, ')\n');
printTable(['body', 'bytes', 'items', 'JSON.parse', 'parse + validate + normalize', '+ HMAC-SHA256 check', 'full / JSON.parse'], rows);
