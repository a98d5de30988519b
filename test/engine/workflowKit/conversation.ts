// A customer chatting with one of the sample workflows through its sandbox number: each turn is
// one customer action, then the wait for n8n to finish the execution it started, and the answer
// is every message the business sent during that turn, in a shape that is easy to assert on.
import type { CustomerAction, OutboundMessage, Sandbox } from '../../../sandbox';
import { waitUntil, type N8nEngine } from '../../../n8n-harness/n8nInstance';

export type SeenMessage =
	| { type: 'text'; text: string }
	| { type: 'buttons'; header?: string; body: string; footer?: string; buttons: Array<{ id: string; title: string }> }
	| {
			type: 'list';
			header?: string;
			body: string;
			footer?: string;
			button: string;
			rows: Array<{ id: string; title: string; description?: string }>;
	  }
	| { type: 'template'; name: string; language: string; parameters: string[] }
	| { type: string; body: Record<string, unknown> };

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- n8n's items, read by path in assertions

/** What the customer's phone shows for a message the business sent (the request body, simplified). */
export function seen(message: OutboundMessage): SeenMessage {
	const body = message.body as Json;
	const optional = (key: string, value: unknown) => (value === undefined ? {} : { [key]: value });
	if (body.type === 'text') return { type: 'text', text: body.text.body };
	if (body.type === 'interactive' && body.interactive.type === 'button') {
		const interactive = body.interactive;
		return {
			type: 'buttons',
			...optional('header', interactive.header?.text),
			body: interactive.body.text,
			...optional('footer', interactive.footer?.text),
			buttons: interactive.action.buttons.map((button: Json) => ({ id: button.reply.id, title: button.reply.title })),
		};
	}
	if (body.type === 'interactive' && body.interactive.type === 'list') {
		const interactive = body.interactive;
		return {
			type: 'list',
			...optional('header', interactive.header?.text),
			body: interactive.body.text,
			...optional('footer', interactive.footer?.text),
			button: interactive.action.button,
			rows: interactive.action.sections.flatMap((section: Json) =>
				section.rows.map((row: Json) => ({ id: row.id, title: row.title, ...optional('description', row.description) })),
			),
		};
	}
	if (body.type === 'template') {
		return {
			type: 'template',
			name: body.template.name,
			language: body.template.language.code,
			parameters: (body.template.components ?? []).flatMap((component: Json) => (component.parameters ?? []).map((parameter: Json) => parameter.text)),
		};
	}
	return { type: String(body.type), body };
}

const FINISHED = new Set(['success', 'error', 'crashed', 'canceled']);

/**
 * Waits until n8n has finished `count` executions of the workflow and has none under way. A sample
 * workflow answering a customer never ends in error: if the newest one did, this throws with what
 * n8n logged meanwhile (pass `logsFrom`, the length of n8n.logs() before the action).
 */
export async function waitForExecutions(n8n: N8nEngine, workflowId: string, count: number, logsFrom = 0): Promise<void> {
	let executions: Awaited<ReturnType<N8nEngine['executions']>> = [];
	await waitUntil(
		async () => {
			executions = await n8n.executions(workflowId);
			return executions.length >= count && executions.every((execution) => FINISHED.has(execution.status));
		},
		30_000,
		`${count} finished execution(s) of workflow ${workflowId}`,
	);
	if (executions[0].status !== 'success') {
		const logged = n8n.logs().slice(logsFrom).trim().split('\n').slice(0, 12).join('\n');
		throw new Error(`n8n execution ${executions[0].id} of workflow ${workflowId} ended with status "${executions[0].status}". n8n logged:\n${logged}`);
	}
}

export class Customer {
	constructor(
		private readonly n8n: N8nEngine,
		private readonly sandbox: Sandbox,
		private readonly workflowId: string,
		readonly waId: string,
		readonly name: string,
	) {}

	says(text: string) {
		return this.turn(() => this.sandbox.customerSendsText(this.waId, text, { name: this.name }));
	}

	taps(buttonIdOrTitle: string) {
		return this.turn(() => this.sandbox.customerTapsButton(this.waId, buttonIdOrTitle, { name: this.name }));
	}

	picks(rowIdOrTitle: string) {
		return this.turn(() => this.sandbox.customerPicksListRow(this.waId, rowIdOrTitle, { name: this.name }));
	}

	/** Everything the business sent this customer so far, as the phone shows it. */
	inbox(): SeenMessage[] {
		return this.sandbox.messagesTo(this.waId).map(seen);
	}

	/** One customer action; resolves with what the business sent in answer, once the execution it started has finished. */
	async turn(act: () => CustomerAction): Promise<SeenMessage[]> {
		const sentBefore = this.sandbox.messagesTo(this.waId).length;
		const executionsBefore = (await this.n8n.executions(this.workflowId)).length;
		const logsFrom = this.n8n.logs().length;
		const outcome = await act().delivery;
		if (outcome.state !== 'delivered') throw new Error(`The webhook was not taken by n8n: ${JSON.stringify(outcome)}`);
		await waitForExecutions(this.n8n, this.workflowId, executionsBefore + 1, logsFrom);
		return this.sandbox.messagesTo(this.waId).slice(sentBefore).map(seen);
	}
}
