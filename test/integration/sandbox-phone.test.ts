import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../support/chromium';
import { authenticationTemplate, authenticationTemplateSend, seedTemplates, startSandbox, Sandbox, type MessageTemplate } from '../../sandbox';
import { graphClient, messagesIn, receivedUntil, startWebhookReceiver, WebhookReceiver } from './sandboxTestKit';
import { errorMessage } from '../../nodes/shared/caughtError';

// The phone page in real Chromium: a scripted customer chats with a "business" that is this test
// posting replies through the Cloud API, and the page shows what the API received and sent.
// PHONE_SCREENSHOT=docs/phone-page.png refreshes the README's screenshot.

jest.setTimeout(90_000);

const customer = { name: 'Ana Souza', number: '+49 151 12345678', waId: '4915112345678' };

/** A marketing template with a copy-code coupon button, besides the seeded ones. */
const couponTemplate: MessageTemplate = {
	name: 'winter_coupon',
	parameter_format: 'POSITIONAL',
	language: 'en_US',
	status: 'APPROVED',
	category: 'MARKETING',
	id: '1000000000000098',
	components: [
		{ type: 'BODY', text: 'Here is your winter coupon.' },
		{ type: 'BUTTONS', buttons: [{ type: 'COPY_CODE', text: 'Copy offer code' }] },
	],
};

let browser: Browser;
let page: Page;
let sandbox: Sandbox;
let receiver: WebhookReceiver;
let api: ReturnType<typeof graphClient>;

beforeAll(async () => {
	browser = await launchChromium();
});
afterAll(() => browser?.close());

beforeEach(async () => {
	receiver = await startWebhookReceiver();
	sandbox = await startSandbox({
		callbackUrl: receiver.url,
		verifyToken: receiver.verifyToken,
		statusDelaysMs: [20, 40, 60],
		retryBackoffMs: [100],
		templates: [...seedTemplates(), authenticationTemplate(), couponTemplate],
	});
	api = graphClient(sandbox);
	page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
	page.on('dialog', (dialog) => void dialog.dismiss());
	await page.goto(sandbox.pageUrl);
	await page.getByTestId('new-customer-name').fill(customer.name);
	await page.getByTestId('new-customer-number').fill(customer.number);
	await page.getByTestId('create-customer').click();
	await page.getByTestId('customer').filter({ hasText: customer.name }).waitFor();
});
afterEach(async () => {
	await page?.close();
	await sandbox?.stop();
	await receiver?.close();
});

const send = (body: Record<string, unknown>) =>
	api.post(`${sandbox.credentials.phoneNumberId}/messages`, { messaging_product: 'whatsapp', to: customer.waId, ...body });
const lastMessage = async () => messagesIn(await receivedUntil(receiver, (all) => messagesIn(all).length > 0)).at(-1);
const nextMessage = async () => {
	const before = messagesIn(receiver.received).length;
	return messagesIn(await receivedUntil(receiver, (all) => messagesIn(all).length > before)).at(-1);
};

test('a scripted customer types, taps a reply button and a list row, and sees formatted replies with read ticks', async () => {
	const typed = nextMessage();
	await page.getByTestId('composer-input').fill('Hi! Can I order a coffee for pickup?');
	await page.getByTestId('composer-input').press('Enter');
	const hello = await typed;
	expect(hello).toMatchObject({ from: customer.waId, type: 'text', text: { body: 'Hi! Can I order a coffee for pickup?' } });
	expect(receiver.received[0].body.entry[0].changes[0].value.contacts[0].profile.name).toBe(customer.name);

	await api.post(`${sandbox.credentials.phoneNumberId}/messages`, {
		messaging_product: 'whatsapp',
		status: 'read',
		message_id: hello.id,
		typing_indicator: { type: 'text' },
	});
	await page.locator(`[data-testid="message"][data-message-id="${hello.id}"] [data-testid="read-ticks"][data-ticks="read"]`).waitFor();

	await send({
		type: 'interactive',
		context: { message_id: hello.id },
		interactive: {
			type: 'button',
			header: { type: 'text', text: 'Sandbox Coffee Co.' },
			body: { text: 'Of course, *Ana*! What would you like to do?' },
			footer: { text: 'Open daily 7:00–19:00' },
			action: {
				buttons: [
					{ type: 'reply', reply: { id: 'order', title: 'Order coffee' } },
					{ type: 'reply', reply: { id: 'hours', title: 'Opening hours' } },
				],
			},
		},
	});
	const tapped = nextMessage();
	await page.getByTestId('reply-button').filter({ hasText: 'Order coffee' }).click();
	expect((await tapped).interactive).toEqual({ type: 'button_reply', button_reply: { id: 'order', title: 'Order coffee' } });

	await send({
		type: 'interactive',
		interactive: {
			type: 'list',
			body: { text: 'Pick your drink:' },
			action: {
				button: 'Drinks',
				sections: [
					{
						title: 'Espresso bar',
						rows: [
							{ id: 'flat-white', title: 'Flat white', description: 'Double shot, silky milk · €3.60' },
							{ id: 'cappuccino', title: 'Cappuccino', description: '€3.40' },
						],
					},
					{ title: 'Cold', rows: [{ id: 'cold-brew', title: 'Cold brew', description: '€3.90' }] },
				],
			},
		},
	});
	const picked = nextMessage();
	await page.getByTestId('list-open-button').filter({ hasText: 'Drinks' }).click();
	await page.getByTestId('list-row').filter({ hasText: 'Flat white' }).click();
	expect((await picked).interactive).toEqual({
		type: 'list_reply',
		list_reply: { id: 'flat-white', title: 'Flat white', description: 'Double shot, silky milk · €3.60' },
	});
	await expect(page.getByTestId('list-sheet')).toBeHiddenSoon();

	await send({ type: 'text', text: { body: '*Flat white* it is. _Ready in 5 minutes_ at ~Main St~ ```Counter 2```' } });
	const formatted = page.locator('[data-testid="message"][data-direction="out"][data-type="text"] [data-testid="message-text"]').last();
	await formatted.locator('strong', { hasText: 'Flat white' }).waitFor();
	await formatted.locator('em', { hasText: 'Ready in 5 minutes' }).waitFor();
	await formatted.locator('s', { hasText: 'Main St' }).waitFor();
	await formatted.locator('pre', { hasText: 'Counter 2' }).waitFor();

	// The page shows both sides as the API saw them: everything the customer sent and everything sent to them.
	const shown = await page
		.getByTestId('message')
		.evaluateAll((nodes) => nodes.map((n) => `${(n as HTMLElement).dataset.direction}:${(n as HTMLElement).dataset.messageId}`));
	const expected = sandbox.conversation(customer.waId).map((e) => `${e.direction}:${e.id}`);
	expect(shown).toEqual(expected);
	await page.locator('[data-testid="message"][data-direction="out"][data-status="read"]').first().waitFor();
	await page.waitForFunction((count) => document.querySelectorAll('[data-testid="api-log-request"]').length === count, sandbox.requests().length);

	const screenshot = resolve(process.env.PHONE_SCREENSHOT ?? '.tmp/phone-page.png');
	mkdirSync(dirname(screenshot), { recursive: true });
	await page.screenshot({ path: screenshot });
});

test('the customer reacts, shares a location and sends a photo with a caption', async () => {
	sandbox.customerSendsText(customer.waId, 'hi');
	await lastMessage();
	const { data } = await send({ type: 'text', text: { body: 'Welcome back!' } });
	const welcome = page.locator(`[data-testid="message"][data-message-id="${data.messages[0].id}"]`);
	await welcome.waitFor();

	const reacted = nextMessage();
	await welcome.hover();
	await welcome.getByTestId('react-button').click();
	await page.getByTestId('emoji-picker').locator('button[data-emoji="❤️"]').click();
	expect((await reacted).reaction).toEqual({ message_id: data.messages[0].id, emoji: '❤️' });
	await welcome.getByTestId('reaction-badge').filter({ hasText: '❤️' }).waitFor();

	const located = nextMessage();
	await page.getByTestId('attach-button').click();
	await page.getByTestId('location-name').fill('Brandenburg Gate');
	await page.getByTestId('location-latitude').fill('52.5163');
	await page.getByTestId('location-longitude').fill('13.3777');
	await page.getByTestId('send-location').click();
	expect((await located).location).toMatchObject({ latitude: 52.5163, longitude: 13.3777, name: 'Brandenburg Gate' });

	const photographed = nextMessage();
	await page.getByTestId('composer-input').fill('My receipt');
	await page.getByTestId('attach-button').click();
	await page.getByTestId('send-sample-image').click();
	const photo = await photographed;
	expect(photo.image).toMatchObject({ caption: 'My receipt', mime_type: 'image/png' });
	const image = page.locator(`[data-testid="message"][data-message-id="${photo.id}"] [data-testid="message-image"]`);
	await image.waitFor();
	expect(await image.evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);
});

test("a coupon's and a one-time password's copy-code buttons show the code sent with the template", async () => {
	await send({
		type: 'template',
		template: {
			name: 'winter_coupon',
			language: { code: 'en_US' },
			components: [{ type: 'button', sub_type: 'copy_code', index: '0', parameters: [{ type: 'coupon_code', coupon_code: 'WINTER25' }] }],
		},
	});
	const coupon = page.getByTestId('copy-code-button').filter({ hasText: 'Copy offer code' });
	await coupon.waitFor();
	expect(await coupon.getAttribute('data-code')).toBe('WINTER25');
	expect(await coupon.textContent()).toContain('WINTER25');
	expect(await page.getByTestId('cta-button').count()).toBe(0);

	await send({ type: 'template', template: authenticationTemplateSend('482913') });
	const otp = page.getByTestId('copy-code-button').filter({ hasText: 'Copy code' });
	await otp.waitFor();
	expect(await otp.getAttribute('data-code')).toBe('482913');
	await page.getByTestId('message-text').filter({ hasText: '482913 is your verification code' }).waitFor();
});

test('a reply button, a template quick reply and an image by media id render as WhatsApp shows them', async () => {
	await send({
		type: 'template',
		template: {
			name: 'appointment_reminder',
			language: { code: 'en_US' },
			components: [
				{
					type: 'body',
					parameters: [
						{ type: 'text', text: 'Ana' },
						{ type: 'text', text: 'Friday 10:00' },
					],
				},
			],
		},
	});
	await page.getByTestId('message-text').filter({ hasText: 'Hello Ana, this is a reminder of your appointment on Friday 10:00' }).waitFor();
	const tapped = nextMessage();
	await page.getByTestId('template-button').filter({ hasText: 'Reschedule' }).click();
	expect(await tapped).toMatchObject({ type: 'button', button: { text: 'Reschedule', payload: 'Reschedule' } });

	const form = new FormData();
	form.append('messaging_product', 'whatsapp');
	form.append('type', 'image/png');
	const png = await page.screenshot({ clip: { x: 0, y: 0, width: 40, height: 40 } });
	form.append('file', new Blob([new Uint8Array(png)], { type: 'image/png' }), 'menu.png');
	const { data: media } = await api.post(`${sandbox.credentials.phoneNumberId}/media`, form);
	const { data } = await send({ type: 'image', image: { id: media.id, caption: 'Our _menu_' } });
	const message = page.locator(`[data-testid="message"][data-message-id="${data.messages[0].id}"]`);
	await message.getByTestId('message-caption').locator('em', { hasText: 'menu' }).waitFor();
	expect(await message.getByTestId('message-image').evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBe(40);
});

test('a message whose webhook is not answered 200 shows as pending until the callback takes it', async () => {
	receiver.answerWith.push(...Array<number>(1000).fill(503)); // down until the test brings it back
	await page.getByTestId('composer-input').fill('Is anyone there?');
	await page.getByTestId('send-button').click();
	const bubble = page.locator('[data-testid="message"][data-direction="in"]').last();
	await bubble.locator('[data-testid="read-ticks"][data-ticks="pending"]').waitFor();
	await page.getByTestId('pending-webhooks').filter({ hasText: '1 webhook pending' }).waitFor();
	receiver.answerWith.length = 0;
	await bubble.locator('[data-testid="read-ticks"][data-ticks="delivered"]').waitFor();
	await expect(page.getByTestId('pending-webhooks')).toBeHiddenSoon();
	expect(messagesIn(receiver.received).every((m) => m.text.body === 'Is anyone there?')).toBe(true);
});

test('after skipping 24 hours on the page a free-form reply shows as not delivered with 131047', async () => {
	await page.getByTestId('composer-input').fill('Hello?');
	await page.getByTestId('composer-input').press('Enter');
	await page.getByTestId('chat-subtitle').filter({ hasText: '24 h window open' }).waitFor();
	await page.getByTestId('advance-clock-button').click();
	await page.getByTestId('chat-subtitle').filter({ hasText: 'outside the 24 h window' }).waitFor();
	const { data } = await send({ type: 'text', text: { body: 'Sorry for the wait' } });
	await page
		.locator(`[data-testid="message"][data-message-id="${data.messages[0].id}"][data-status="failed"] [data-testid="message-error"]`)
		.filter({ hasText: '131047' })
		.waitFor();
});

test('a username customer with the phone hidden is created on the page and chats by BSUID only', async () => {
	await page.getByTestId('new-customer-name').fill('Bea');
	await page.getByTestId('new-customer-username').fill('bea_92');
	await page.getByTestId('new-customer-hide-phone').check();
	await page.getByTestId('create-customer').click();
	const bea = page.locator('[data-testid="customer"][data-username="bea_92"]');
	await bea.filter({ hasText: '@bea_92 · phone hidden' }).waitFor();
	await page.locator('[data-testid="customer"][data-username="bea_92"][aria-current="true"]').waitFor();
	const userId = await bea.getAttribute('data-user-id');
	expect(sandbox.findCustomer('@bea_92')).toMatchObject({ userId, phoneShared: false });

	const typed = nextMessage();
	await page.getByTestId('composer-input').fill('Hi, it is Bea');
	await page.getByTestId('composer-input').press('Enter');
	const hello = await typed;
	expect(hello).toMatchObject({ from_user_id: userId, text: { body: 'Hi, it is Bea' } });
	expect(hello).not.toHaveProperty('from');
	const value = receiver.received.at(-1)!.body.entry[0].changes[0].value;
	expect(value.contacts).toEqual([{ profile: { name: 'Bea', username: 'bea_92' }, user_id: userId }]);

	const { data } = await api.post(`${sandbox.credentials.phoneNumberId}/messages`, {
		messaging_product: 'whatsapp',
		recipient: userId,
		type: 'text',
		text: { body: 'Hello Bea!' },
	});
	expect(data.contacts).toEqual([{ input: userId, user_id: userId }]);
	await page.locator(`[data-testid="message"][data-message-id="${data.messages[0].id}"]`).filter({ hasText: 'Hello Bea!' }).waitFor();
	await page
		.getByTestId('api-log-request')
		.filter({ hasText: `to ${userId}` })
		.first()
		.waitFor();
});

test('hiding the phone without a username is refused on the page', async () => {
	await page.getByTestId('new-customer-hide-phone').check();
	await expect(page.getByTestId('new-customer-number')).toBeDisabledSoon();
	await page.getByTestId('create-customer').click();
	await page.getByTestId('new-customer-error').filter({ hasText: 'username' }).waitFor();
});

// A small matcher that waits for an element to be hidden, using Playwright's own waiting.
expect.extend({
	async toBeDisabledSoon(locator: ReturnType<Page['getByTestId']>) {
		try {
			await locator.page().waitForFunction((el) => (el as HTMLInputElement).disabled, await locator.elementHandle(), { timeout: 10_000 });
			return { pass: true, message: () => 'expected the element to stay enabled' };
		} catch (error) {
			return { pass: false, message: () => `expected the element to become disabled: ${errorMessage(error)}` };
		}
	},
	async toBeHiddenSoon(locator: ReturnType<Page['getByTestId']>) {
		try {
			await locator.waitFor({ state: 'hidden', timeout: 10_000 });
			return { pass: true, message: () => 'expected the element to stay visible' };
		} catch (error) {
			return { pass: false, message: () => `expected the element to become hidden: ${errorMessage(error)}` };
		}
	},
});
declare global {
	// eslint-disable-next-line @typescript-eslint/no-namespace -- jest's matcher types are declared in its global namespace
	namespace jest {
		interface Matchers<R> {
			toBeHiddenSoon(): Promise<R>;
			toBeDisabledSoon(): Promise<R>;
		}
	}
}
