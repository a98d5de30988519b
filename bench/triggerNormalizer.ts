// The WhatsApp Trigger's own cost per webhook, outside n8n: signature check + envelope validation +
// normalization, against JSON.parse alone on the same bytes (the least any receiver must do).
// Run: npx tsx bench/triggerNormalizer.ts
import { normalizeWebhook, validateWebhookEnvelope } from '../nodes/shared/whatsapp/normalizeWebhook';
import { signWebhookBody, verifyWebhookSignature } from '../nodes/shared/whatsapp/webhookSignature';
import { envelope, messageExamples, messagesValue, statusExamples, statusesValue } from '../nodes/shared/whatsapp/__tests__/metaWebhookExamples';
import { printTable, ratio } from './lib/measure';

const APP_SECRET = 'bench-app-secret';

const bodies = {
	'one text message': envelope([{ value: messagesValue([messageExamples.text]) }]),
	'one image message': envelope([{ value: messagesValue([messageExamples.image]) }]),
	'batch: 20 messages + 20 statuses': envelope([
		{ value: messagesValue(Array.from({ length: 20 }, (_, i) => ({ ...messageExamples.text, id: `wamid.b${i}` }))) },
		{ value: statusesValue(Array.from({ length: 20 }, (_, i) => ({ ...statusExamples.delivered, id: `wamid.s${i}` }))) },
	]),
};

/** Microseconds per call: the median of several timed batches, after a warm-up. */
function microsPerCall(fn: () => unknown, callsPerBatch = 20_000, batches = 7): number {
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
for (const [name, body] of Object.entries(bodies)) {
	const raw = Buffer.from(JSON.stringify(body));
	const signature = signWebhookBody(raw, APP_SECRET);
	const parseOnly = microsPerCall(() => JSON.parse(raw.toString('utf8')));
	const parseAndNormalize = microsPerCall(() => {
		const check = validateWebhookEnvelope(JSON.parse(raw.toString('utf8')));
		if (!check.ok) throw new Error(check.reason);
		return normalizeWebhook(check.envelope);
	});
	const full = microsPerCall(() => {
		if (!verifyWebhookSignature(raw, signature, APP_SECRET).valid) throw new Error('signature');
		const check = validateWebhookEnvelope(JSON.parse(raw.toString('utf8')));
		if (!check.ok) throw new Error(check.reason);
		return normalizeWebhook(check.envelope);
	});
	rows.push([
		name,
		raw.length,
		parseOnly.toFixed(2),
		parseAndNormalize.toFixed(2),
		full.toFixed(2),
		ratio(full, parseOnly),
	]);
}

console.log('Cost per webhook body (µs, median of 7 batches of 20,000 calls; Node', process.version, ')\n');
printTable(
	['body', 'bytes', 'JSON.parse', 'parse + validate + normalize', '+ HMAC-SHA256 check', 'full / JSON.parse'],
	rows,
);
