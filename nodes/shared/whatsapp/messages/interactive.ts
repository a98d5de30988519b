import type { OutgoingMessage } from '../CloudApiClient';
import { definedOnly, envelope, type Recipient } from './envelope';
import { checkCount, checkHttpUrl, checkNoEmoji, checkText, checkUnique, MESSAGE_LIMITS as L, MessageLimitError } from './limits';

/**
 * Interactive messages: reply buttons, lists, a call-to-action URL button, the requests for the
 * customer's phone number or location, and flows.
 */

export type InteractiveHeader = { type: 'text'; text: string } | { type: 'image' | 'video' | 'document'; link?: string; id?: string; filename?: string };

export interface InteractiveCommon {
	body: string;
	footer?: string;
	header?: InteractiveHeader;
}

/** A button or list row; `id` comes back in the customer's reply (button_reply.id / list_reply.id). */
export interface Choice {
	id?: string;
	title: string;
	description?: string;
}

export interface ReplyButtonsInput extends InteractiveCommon {
	buttons: Array<Choice | string>;
}

export interface ListInput extends InteractiveCommon {
	/** The label of the button that opens the list. */
	buttonText: string;
	/** Sections with rows; or give `rows` for a single untitled section. */
	sections?: Array<{ title?: string; rows: Array<Choice | string> }>;
	rows?: Array<Choice | string>;
}

export interface CtaUrlInput extends InteractiveCommon {
	displayText: string;
	url: string;
}

export function buildReplyButtons(recipient: Recipient, input: ReplyButtonsInput): OutgoingMessage {
	const choices = (input.buttons ?? []).map(asChoice);
	checkCount('action.buttons', choices, L.replyButtonsMin, L.replyButtonsMax);
	const buttons = choices.map((choice, index) => {
		const field = `action.buttons[${index}].reply`;
		const title = checkText(`${field}.title`, choice.title, L.replyButtonTitle, { required: true })!;
		const id = checkText(`${field}.id`, choice.id ?? title, L.replyButtonId, { required: true })!;
		return { type: 'reply', reply: { id, title } };
	});
	checkUnique(
		'action.buttons.reply.id',
		buttons.map((b) => b.reply.id),
	);
	checkUnique(
		'action.buttons.reply.title',
		buttons.map((b) => b.reply.title),
	);
	return envelope(recipient, 'interactive', { type: 'button', ...common(input, ['text', 'image', 'video', 'document']), action: { buttons } });
}

export function buildInteractiveList(recipient: Recipient, input: ListInput): OutgoingMessage {
	const rawSections = input.sections ?? (input.rows ? [{ rows: input.rows }] : []);
	checkCount('action.sections', rawSections, 1, L.listSectionsMax);
	const sections = rawSections.map((section, sectionIndex) => {
		const field = `action.sections[${sectionIndex}]`;
		const rows = (section.rows ?? []).map(asChoice);
		checkCount(`${field}.rows`, rows, 1, L.listRowsMax);
		return definedOnly({
			title: checkText(`${field}.title`, section.title, L.listSectionTitle, { required: rawSections.length > 1 }),
			rows: rows.map((row, rowIndex) => {
				const rowField = `${field}.rows[${rowIndex}]`;
				const title = checkText(`${rowField}.title`, row.title, L.listRowTitle, { required: true })!;
				return definedOnly({
					id: checkText(`${rowField}.id`, row.id ?? title, L.listRowId, { required: true })!,
					title,
					description: checkText(`${rowField}.description`, row.description, L.listRowDescription),
				});
			}),
		});
	});
	const allRows = sections.flatMap((section) => section.rows);
	if (allRows.length > L.listRowsMax) {
		throw new MessageLimitError(
			'action.sections[].rows',
			allRows,
			`at most ${L.listRowsMax} rows in total`,
			`The list has ${allRows.length} rows across its sections; WhatsApp allows at most ${L.listRowsMax} in total`,
		);
	}
	checkUnique(
		'action.sections.rows.id',
		allRows.map((row) => row.id),
	);
	return envelope(recipient, 'interactive', {
		type: 'list',
		...common(input, ['text'], L.listBody),
		action: { button: checkText('action.button', input.buttonText, L.listButton, { required: true }), sections },
	});
}

export function buildCtaUrl(recipient: Recipient, input: CtaUrlInput): OutgoingMessage {
	return envelope(recipient, 'interactive', {
		type: 'cta_url',
		...common(input, ['text', 'image', 'video', 'document']),
		action: {
			name: 'cta_url',
			parameters: {
				display_text: checkText('action.parameters.display_text', input.displayText, L.ctaDisplayText, { required: true }),
				url: checkHttpUrl('action.parameters.url', input.url),
			},
		},
	});
}

/** Asks the customer to share their phone number with one tap: how a username customer's number is learnt. */
export function buildContactInfoRequest(recipient: Recipient, input: { body: string }): OutgoingMessage {
	return envelope(recipient, 'interactive', {
		type: 'request_contact_info',
		body: { text: checkText('body.text', input.body, L.interactiveBody, { required: true }) },
		action: { name: 'request_contact_info' },
	});
}

/** Asks the customer to share a location; the answer is an ordinary location message quoting this one. */
export function buildLocationRequest(recipient: Recipient, input: { body: string }): OutgoingMessage {
	return envelope(recipient, 'interactive', {
		type: 'location_request_message',
		body: { text: checkText('body.text', input.body, L.interactiveBody, { required: true }) },
		action: { name: 'send_location' },
	});
}

export interface FlowMessageInput extends InteractiveCommon {
	/** Exactly one of flowId and flowName. */
	flowId?: string;
	flowName?: string;
	/** The button that opens the flow. */
	cta: string;
	/** Comes back with the customer's answer (flow_token); default "unused". */
	flowToken?: string;
	/** draft flows reach only the flow's testers. Default published. */
	mode?: 'published' | 'draft';
	/** navigate opens `screen` with `data`; data_exchange asks your flow endpoint. Default navigate. */
	flowAction?: 'navigate' | 'data_exchange';
	/** navigate only: the screen to open (default FIRST_ENTRY_SCREEN). */
	screen?: string;
	/** navigate only: the first screen's data, a non-empty object (or its JSON text). */
	data?: Record<string, unknown> | string;
}

const FLOW_MESSAGE_VERSION = '3';
const FLOW_MODES = ['published', 'draft'];
const FLOW_ACTIONS = ['navigate', 'data_exchange'];
// Flow ids, names, screens and tokens have no documented length limit.
const UNDOCUMENTED = Number.MAX_SAFE_INTEGER;

/** A WhatsApp Flow (screens of a form), inside the 24-hour window; outside it a template's FLOW button does it. */
export function buildFlowMessage(recipient: Recipient, input: FlowMessageInput): OutgoingMessage {
	const flowId = checkText('action.parameters.flow_id', input.flowId?.trim(), UNDOCUMENTED);
	const flowName = checkText('action.parameters.flow_name', input.flowName?.trim(), UNDOCUMENTED);
	if (!flowId === !flowName) {
		throw new MessageLimitError(
			'action.parameters.flow_id / flow_name',
			flowId ?? flowName,
			'exactly one of flow_id or flow_name',
			'action.parameters.flow_id / flow_name: give the flow either its ID or its name (exactly one)',
		);
	}
	const cta = checkNoEmoji('action.parameters.flow_cta', checkText('action.parameters.flow_cta', input.cta, L.flowCta, { required: true }));
	const mode = oneOf('action.parameters.mode', input.mode, FLOW_MODES, 'published');
	const flowAction = oneOf('action.parameters.flow_action', input.flowAction, FLOW_ACTIONS, 'navigate');
	const screen = checkText('action.parameters.flow_action_payload.screen', input.screen?.trim(), UNDOCUMENTED);
	const data = input.data === undefined || (typeof input.data === 'string' && input.data.trim() === '') ? undefined : flowData(input.data);
	if (flowAction !== 'navigate' && (screen !== undefined || data !== undefined)) {
		throw new MessageLimitError(
			'action.parameters.flow_action_payload',
			{ screen, data },
			'navigate only',
			'action.parameters.flow_action_payload (first screen and its data) goes with flow_action navigate only; data_exchange asks your flow endpoint for them',
		);
	}
	const parameters = definedOnly({
		flow_message_version: FLOW_MESSAGE_VERSION,
		flow_id: flowId,
		flow_name: flowName,
		flow_cta: cta,
		flow_token: checkText('action.parameters.flow_token', input.flowToken?.trim(), UNDOCUMENTED) ?? 'unused',
		mode,
		flow_action: flowAction,
		// Without screen or data Meta opens the flow's first screen: leave the payload out.
		flow_action_payload: screen !== undefined || data !== undefined ? definedOnly({ screen: screen ?? 'FIRST_ENTRY_SCREEN', data }) : undefined,
	});
	return envelope(recipient, 'interactive', { type: 'flow', ...common(input, ['text']), action: { name: 'flow', parameters } });
}

function oneOf(field: string, value: string | undefined, allowed: string[], fallback: string): string {
	if (value === undefined || value === '') return fallback;
	if (!allowed.includes(value)) throw new MessageLimitError(field, value, `one of ${allowed.join(', ')}`);
	return value;
}

/** Meta wants a non-empty object; its JSON text is read too. */
function flowData(value: Record<string, unknown> | string): Record<string, unknown> {
	const field = 'action.parameters.flow_action_payload.data';
	const data = typeof value === 'string' ? parsedJson(value) : value;
	if (data === INVALID_JSON) {
		throw new MessageLimitError(field, value, 'a JSON object', `${field} is not valid JSON: give an object such as {"order_id": "1042"}`);
	}
	if (data === null || typeof data !== 'object' || Array.isArray(data) || Object.keys(data).length === 0) {
		throw new MessageLimitError(field, data, 'a non-empty object', `${field} must be a non-empty object such as {"order_id": "1042"} (or left out)`);
	}
	return data as Record<string, unknown>;
}

const INVALID_JSON = Symbol('invalid JSON');

function parsedJson(text: string): unknown {
	try {
		return JSON.parse(text);
	} catch {
		return INVALID_JSON;
	}
}

/**
 * Reads choices from loose input — what MCP tools and earlier nodes produce: an array (or JSON
 * text of one) of strings or of objects with id/title, label, name, text or value.
 */
export function choicesFromInput(value: unknown, field = 'choices'): Choice[] {
	let list = value;
	if (typeof list === 'string') {
		try {
			list = JSON.parse(list);
		} catch {
			list = (value as string)
				.split('\n')
				.map((line) => line.trim())
				.filter(Boolean);
		}
	}
	if (!Array.isArray(list)) {
		throw new MessageLimitError(field, value, 'an array', `${field} must be an array of strings or of {id, title, description} objects`);
	}
	return list.map((entry, index) => {
		if (typeof entry === 'string' || typeof entry === 'number') return { title: String(entry) };
		if (entry && typeof entry === 'object') {
			const record = entry as Record<string, unknown>;
			const title = firstString(record, ['title', 'label', 'name', 'text', 'value']);
			if (title === undefined) {
				throw new MessageLimitError(
					`${field}[${index}].title`,
					entry,
					'a title',
					`${field}[${index}] has no title (looked for title, label, name, text, value)`,
				);
			}
			return definedOnly({
				id: firstString(record, ['id', 'value', 'payload']) ?? undefined,
				title,
				description: firstString(record, ['description', 'subtitle']),
			}) as Choice;
		}
		throw new MessageLimitError(`${field}[${index}]`, entry, 'a string or an object', `${field}[${index}] must be a string or an object with a title`);
	});
}

function firstString(record: Record<string, unknown>, keys: string[]): string | undefined {
	for (const key of keys) {
		const value = record[key];
		if (typeof value === 'string' && value !== '') return value;
		if (typeof value === 'number') return String(value);
	}
	return undefined;
}

function asChoice(choice: Choice | string): Choice {
	return typeof choice === 'string' ? { title: choice } : choice;
}

function common(input: InteractiveCommon, headerTypes: Array<InteractiveHeader['type']>, bodyLimit: number = L.interactiveBody): Record<string, unknown> {
	return definedOnly({
		header: input.header ? header(input.header, headerTypes) : undefined,
		body: { text: checkText('body.text', input.body, bodyLimit, { required: true }) },
		footer: input.footer ? { text: checkText('footer.text', input.footer, L.interactiveFooter) } : undefined,
	});
}

function header(input: InteractiveHeader, allowed: Array<InteractiveHeader['type']>): Record<string, unknown> {
	if (!allowed.includes(input.type)) {
		throw new MessageLimitError(
			'header.type',
			input.type,
			`one of ${allowed.join(', ')}`,
			`This interactive message allows a ${allowed.join(' or ')} header, not ${input.type}`,
		);
	}
	if (input.type === 'text') return { type: 'text', text: checkText('header.text', input.text, L.interactiveHeaderText, { required: true }) };
	if (!!input.link === !!input.id) {
		throw new MessageLimitError(
			`header.${input.type}`,
			input.link ?? input.id,
			'exactly one of link or id',
			`Give the ${input.type} header either a link or a media id (exactly one)`,
		);
	}
	const media = definedOnly({
		link: input.link ? checkHttpUrl(`header.${input.type}.link`, input.link) : undefined,
		id: input.id,
		filename: input.type === 'document' ? input.filename : undefined,
	});
	return { type: input.type, [input.type]: media };
}
