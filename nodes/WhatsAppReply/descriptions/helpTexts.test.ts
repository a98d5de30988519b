import type { INodeProperties, INodePropertyCollection, INodePropertyOptions } from 'n8n-workflow';

import { MESSAGE_LIMITS, META_LIMITS } from '../../shared/whatsapp/messages/limits';
import { WhatsAppReply } from '../WhatsAppReply.node';

type Described = INodeProperties | INodePropertyOptions | INodePropertyCollection;

/** Every help text of the node: descriptions of fields, of options, of fields inside collections. */
function helpTexts(entries: readonly Described[]): string[] {
	return entries.flatMap((entry) => {
		const own = 'description' in entry && typeof entry.description === 'string' ? [entry.description] : [];
		const nested = 'options' in entry && Array.isArray(entry.options) ? helpTexts(entry.options as Described[]) : [];
		const values = 'values' in entry && Array.isArray(entry.values) ? helpTexts(entry.values) : [];
		return [...own, ...nested, ...values];
	});
}

const texts = helpTexts(new WhatsAppReply().description.properties);
const metaNumbers = new Set<number>([...Object.values(MESSAGE_LIMITS), ...Object.values(META_LIMITS)]);

describe("the Reply node's help texts", () => {
	it('quote only limits that limits.ts knows ("up to N", "N characters")', () => {
		const quoted = texts.flatMap((text) =>
			[...text.matchAll(/(?:up to|Up to) (\d[\d,]*)|(\d[\d,]*) characters/g)].map((match) => Number((match[1] ?? match[2]).replace(/,/g, ''))),
		);
		expect(quoted.length).toBeGreaterThan(10);
		expect(quoted.filter((number) => !metaNumbers.has(number))).toEqual([]);
	});

	it("say how long a text may be before it is split, as Meta's text limit", () => {
		expect(texts).toContain(`Longer than ${MESSAGE_LIMITS.textBody} characters? It is split into several messages at paragraph or sentence ends`);
	});

	it('say how many rows a list and how many buttons a reply may have', () => {
		expect(texts).toContain(`A menu of up to ${MESSAGE_LIMITS.listRowsMax} rows in sections`);
		expect(texts).toContain(`Up to ${MESSAGE_LIMITS.replyButtonsMax} buttons the customer taps to answer`);
	});
});
