// The demo as a person uses it: real Chromium on the sandbox's phone pages, one per sample
// workflow, in front of a real n8n and the demo shop (wired like `npm run demo`). The customer types,
// opens lists and taps buttons on the page and sees the workflows' replies there.
// DEMO_SCREENSHOT=docs/demo-conversation.png refreshes the README's picture of the support conversation.
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { launchChromium } from '../support/chromium';

import { startDemoStack, type DemoStack, type FlowName } from './workflowKit/demoStack';

jest.setTimeout(180_000);

const REPLY_TIMEOUT_MS = 30_000;
const screenshotPath = resolve(process.env.DEMO_SCREENSHOT ?? '.tmp/demo-conversation.png');

/** A customer's phone: the sandbox page of one business number, with the customer chosen. */
class Phone {
	constructor(readonly page: Page) {}

	async write(text: string) {
		await this.page.getByTestId('composer-input').fill(text);
		await this.page.getByTestId('composer-input').press('Enter');
	}

	/** The newest business message showing `text`, once it is there. */
	async reply(text: string | RegExp): Promise<Locator> {
		const message = this.page.locator('[data-testid="message"][data-direction="out"]').filter({ hasText: text }).last();
		await message.waitFor({ timeout: REPLY_TIMEOUT_MS });
		return message;
	}

	async tap(message: Locator, buttonTitle: string) {
		await message.getByTestId('reply-button').filter({ hasText: buttonTitle }).click();
	}

	async pick(message: Locator, rowTitle: string | RegExp) {
		await message.getByTestId('list-open-button').click();
		await this.page.getByTestId('list-sheet').getByTestId('list-row').filter({ hasText: rowTitle }).first().click();
		await this.page.getByTestId('list-sheet').waitFor({ state: 'hidden' });
	}
}

describe('a customer on the phone pages chats with the three sample workflows in a real n8n', () => {
	let stack: DemoStack;
	let browser: Browser;

	beforeAll(async () => {
		[stack, browser] = await Promise.all([startDemoStack(), launchChromium()]);
	}, 420_000);

	afterAll(async () => {
		await browser?.close();
		await stack?.stop();
	});

	async function openPhone(flow: FlowName, customer: { name: string; number: string }): Promise<Phone> {
		const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
		page.on('dialog', (dialog) => void dialog.dismiss());
		await page.goto(stack.flows[flow].sandbox.pageUrl);
		await page.getByTestId('business-name').filter({ hasText: stack.flows[flow].business.displayName }).waitFor();
		await page.getByTestId('new-customer-name').fill(customer.name);
		await page.getByTestId('new-customer-number').fill(customer.number);
		await page.getByTestId('create-customer').click();
		await page.getByTestId('customer').filter({ hasText: customer.name }).waitFor();
		return new Phone(page);
	}

	test('support: menu, a question answered, a ticket opened and its number shown, then a person', async () => {
		const phone = await openPhone('support', { name: 'Maria Garcia', number: '+1 555 123 0001' });

		await phone.write('hi');
		const menu = await phone.reply("Hi Maria! I'm the Harbor Home Goods assistant");
		await phone.pick(menu, 'Ask a question');
		await phone.reply('Sure! Type your question');
		await phone.write('How do returns work?');
		const answer = await phone.reply('Return anything within 30 days of delivery');
		await answer.locator('strong', { hasText: 'Returns and exchanges' }).waitFor();

		await phone.tap(answer, 'Open a ticket');
		await phone.reply('Please describe the problem in one message');
		await phone.write('Problem: my blender arrived with a cracked jug, order ORD-10039');
		const opened = await phone.reply(/Ticket TCK-\d+ is open/);
		const ticket = stack.shopServer.shop.get("SELECT ticket_id FROM tickets WHERE wa_id = '15551230001' ORDER BY created_at DESC LIMIT 1");
		await opened.locator('strong', { hasText: String(ticket?.ticket_id) }).waitFor();

		// Mid-conversation, as the README shows it: wait for the read ticks so the picture is settled.
		await phone.page.locator('[data-testid="message"][data-direction="out"]').last().and(phone.page.locator('[data-status="read"]')).waitFor();
		await phone.page.getByTestId('pending-webhooks').waitFor({ state: 'hidden' });
		await phone.page.mouse.move(1, 1); // no hover controls in the picture
		mkdirSync(dirname(screenshotPath), { recursive: true });
		await phone.page.screenshot({ path: screenshotPath });

		await phone.write(`and ${ticket?.ticket_id}?`);
		await phone.reply(`Ticket ${ticket?.ticket_id}: my blender arrived with a cracked jug`);
		await phone.write('I would like to talk to a person');
		await phone.reply(/support team .* Reference: HND-\d+\./);
	});

	test('sales: a typed search, a product from the list, a quote, the order and a delivery slot', async () => {
		const phone = await openPhone('sales', { name: 'Sam Lee', number: '+49 151 12345679' });

		await phone.write('lamp');
		const results = await phone.reply('I found 4 product(s) for "lamp"');
		await phone.pick(results, 'LED Desk Lamp');
		const product = await phone.reply('LED Desk Lamp (LGT-DSK-01)');
		await product.filter({ hasText: '$49.00, 40 in stock' }).waitFor();
		await phone.tap(product, 'Get a quote');
		const quote = await phone.reply(/Quote QUO-\d+/);
		await quote.filter({ hasText: 'Total $56.95' }).waitFor();
		await phone.tap(quote, 'Confirm order');
		await phone.reply(/Order ORD-\d+ confirmed, total \$56\.95/);
		const slots = await phone.reply(/When should we deliver ORD-\d+\?/);
		await phone.pick(slots, /Morning|Afternoon|Evening/);
		await phone.reply(/Booked: ORD-\d+ will be delivered/);

		const order = stack.shopServer.shop.get("SELECT status, delivery_slot_id FROM orders WHERE wa_id = '4915112345679'");
		expect(order).toMatchObject({ status: 'confirmed' });
		expect(order?.delivery_slot_id).toMatch(/^SLOT-/);
	});

	test("order tracking: an order's status and tracking with buttons, and another customer's order not found", async () => {
		const phone = await openPhone('tracking', { name: 'Maria Garcia', number: '+1 555 123 0001' });

		await phone.write('where is ORD-10042?');
		const status = await phone.reply('Order ORD-10042: Shipped');
		await status.filter({ hasText: 'Latest updates:' }).waitFor();
		await phone.tap(status, 'Track again');
		await phone.page
			.locator('[data-testid="message"][data-direction="out"]')
			.filter({ hasText: 'Order ORD-10042: Shipped' })
			.nth(1)
			.waitFor({ timeout: REPLY_TIMEOUT_MS });

		await phone.write('and ORD-10043?');
		const refused = await phone.reply('Order ORD-10043 was not found');
		await expect(refused.textContent()).resolves.not.toMatch(/Bluetooth|Chicago|James/);
	});
});
