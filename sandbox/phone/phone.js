// The phone simulator: a customer's WhatsApp, driven through the sandbox's /_sandbox controls and
// kept live with Server-Sent Events. Plain browser JavaScript, no build step.
'use strict';

const $ = (testId, root = document) => root.querySelector(`[data-testid="${testId}"]`);
const view = { state: null, current: null, conversation: null, sheetFor: null };

async function call(path, body, method = body === undefined ? 'GET' : 'POST') {
	const response = await fetch(path, {
		method,
		headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	const data = await response.json();
	if (!response.ok) throw new Error(data.error ? data.error.message : `HTTP ${response.status}`);
	return data;
}

function el(tag, attrs = {}, ...children) {
	const node = document.createElement(tag);
	for (const [key, value] of Object.entries(attrs)) {
		if (value === undefined || value === null || value === false) continue;
		if (key === 'testid') node.dataset.testid = value;
		else if (key === 'html') node.innerHTML = value;
		else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
		else if (key === 'dataset') Object.assign(node.dataset, value);
		else node.setAttribute(key, value === true ? '' : value);
	}
	for (const child of children.flat()) if (child !== undefined && child !== null && child !== false) node.append(child);
	return node;
}

const escapeHtml = (s) => String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);

/** WhatsApp's formatting: ```mono```, `code`, *bold*, _italic_, ~strike~, links and line breaks. */
function formatWhatsApp(text) {
	const kept = [];
	const keep = (html) => `\u0000${kept.push(html) - 1}\u0000`;
	let s = escapeHtml(text);
	s = s.replace(/```([\s\S]+?)```/g, (_, code) => keep(`<pre>${code}</pre>`));
	s = s.replace(/`([^`\n]+)`/g, (_, code) => keep(`<code>${code}</code>`));
	s = s.replace(/https?:\/\/[^\s<]+[^\s<.,;:!?)]/g, (url) => keep(`<a href="${url}" target="_blank" rel="noreferrer">${url}</a>`));
	const edge = '(^|[\\s.,;:!?()"\'\\-])';
	const rule = (mark, tag) => {
		const m = mark.replace(/[*~]/g, '\\$&');
		s = s.replace(
			new RegExp(`${edge}${m}(?!\\s)([^${m}\\n]+?)(?<!\\s)${m}(?=$|[\\s.,;:!?()"'\\-])`, 'g'),
			(_, before, inner) => `${before}<${tag}>${inner}</${tag}>`,
		);
	};
	rule('*', 'strong');
	rule('_', 'em');
	rule('~', 's');
	s = s.replace(/\n/g, '<br>');
	return s.replace(/\u0000(\d+)\u0000/g, (_, i) => kept[Number(i)]);
}

/** How the page names a customer: their number, or @username when the phone is withheld from the business. */
const customerLabel = (c) => (c.username ? `@${c.username}${c.phoneShared ? ` · +${c.waId}` : ' · phone hidden'}` : `+${c.waId}`);

const initials = (name) =>
	name
		.split(/\s+/)
		.filter(Boolean)
		.slice(0, 2)
		.map((w) => w[0].toUpperCase())
		.join('') || '?';
const clock = (timestamp) => new Date(Number(timestamp) * 1000).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
const mediaUrl = (media) => (media.id ? `/_sandbox/media/${encodeURIComponent(media.id)}` : media.link);

/** A one-line summary of any message, for quotes and the log. */
function snippet(entry) {
	if (!entry) return 'a message';
	const m = entry.direction === 'in' ? entry.message : entry.body;
	switch (entry.type) {
		case 'text':
			return m.text.body;
		case 'interactive':
			if (entry.direction === 'in') return (m.interactive.button_reply || m.interactive.list_reply).title;
			return m.interactive.body ? m.interactive.body.text : m.interactive.type;
		case 'button':
			return m.button.text;
		case 'template':
			return entry.rendered ? entry.rendered.body : m.template.name;
		case 'location':
			return `📍 ${m.location.name || `${m.location.latitude}, ${m.location.longitude}`}`;
		case 'reaction':
			return `reacted ${m.reaction.emoji || '(removed)'}`;
		default:
			return `${entry.type}${m[entry.type] && m[entry.type].caption ? `: ${m[entry.type].caption}` : ''}`;
	}
}

// ---- customer actions --------------------------------------------------------------------------

async function act(action, body) {
	if (!view.current) return;
	try {
		await call(`/_sandbox/customers/${encodeURIComponent(view.current)}/${action}`, body);
	} catch (error) {
		alert(error.message);
	}
}

const tapButton = (entry, reply) => act('button', { button: reply.id, messageId: entry.id });
const pickRow = (entry, row) => act('list-row', { row: row.id, messageId: entry.id });
const tapTemplateButton = (entry, button) => act('template-button', { button: button.text, messageId: entry.id });
const react = (entry, emoji) => act('reaction', { messageId: entry.id, emoji });

// ---- rendering ---------------------------------------------------------------------------------

function mediaBlock(type, media) {
	if (type === 'image' || type === 'sticker')
		return el('img', { class: 'media-image', testid: 'message-image', src: mediaUrl(media), alt: media.caption || type });
	const label = { video: '🎬 Video', audio: '🎵 Voice message', document: `📄 ${media.filename || 'Document'}` }[type] || type;
	return el('a', { class: 'media-file', testid: 'message-file', href: mediaUrl(media), target: '_blank' }, label);
}

function textBlock(text, testid = 'message-text') {
	return el('div', { class: 'message-text', testid, html: formatWhatsApp(text) });
}

function inboundContent(entry) {
	const m = entry.message;
	switch (entry.type) {
		case 'text':
			return [textBlock(m.text.body)];
		case 'interactive': {
			const reply = m.interactive.button_reply || m.interactive.list_reply;
			return [
				el('div', { class: 'reply-chip' }, m.interactive.button_reply ? '↩ Button' : '☰ List reply'),
				textBlock(reply.title),
				reply.description && el('div', { class: 'message-footer' }, reply.description),
			];
		}
		case 'button':
			return [el('div', { class: 'reply-chip' }, '↩ Quick reply'), textBlock(m.button.text)];
		case 'image':
			return [mediaBlock('image', m.image), m.image.caption && textBlock(m.image.caption, 'message-caption')];
		case 'location':
			return [locationCard(m.location)];
		case 'system':
			return [el('div', { class: 'system-note', testid: 'message-system' }, `⚙ ${m.system.type}: ${m.system.body}`)];
		default:
			return [textBlock(`[${entry.type}]`)];
	}
}

function locationCard(location) {
	return el(
		'div',
		{ class: 'location-card', testid: 'message-location' },
		el('strong', {}, `📍 ${location.name || 'Location'}`),
		location.address || '',
		el('div', { class: 'message-footer' }, `${location.latitude}, ${location.longitude}`),
	);
}

function interactiveContent(entry) {
	const i = entry.body.interactive;
	const parts = [];
	if (i.header)
		parts.push(
			i.header.type === 'text'
				? el('div', { class: 'message-header', testid: 'message-header' }, i.header.text)
				: mediaBlock(i.header.type, i.header[i.header.type]),
		);
	if (i.body) parts.push(textBlock(i.body.text));
	if (i.footer) parts.push(el('div', { class: 'message-footer', testid: 'message-footer' }, i.footer.text));
	const below = [];
	if (i.type === 'button')
		below.push(
			...i.action.buttons.map((b) =>
				el('button', { type: 'button', testid: 'reply-button', dataset: { buttonId: b.reply.id }, onclick: () => tapButton(entry, b.reply) }, b.reply.title),
			),
		);
	if (i.type === 'list') below.push(el('button', { type: 'button', testid: 'list-open-button', onclick: () => openList(entry) }, `☰ ${i.action.button}`));
	if (i.type === 'cta_url')
		below.push(el('a', { testid: 'cta-button', href: i.action.parameters.url, target: '_blank', rel: 'noreferrer' }, `↗ ${i.action.parameters.display_text}`));
	if (i.type === 'location_request_message')
		below.push(el('button', { type: 'button', testid: 'send-location-button', onclick: sendLocation }, '📍 Send location'));
	return { parts, below };
}

function templateContent(entry) {
	const r = entry.rendered;
	const parts = [
		r.header && el('div', { class: 'message-header', testid: 'message-header' }, r.header),
		textBlock(r.body),
		r.footer && el('div', { class: 'message-footer', testid: 'message-footer' }, r.footer),
	];
	const below = r.buttons.map((b) => {
		if (b.type === 'QUICK_REPLY') return el('button', { type: 'button', testid: 'template-button', onclick: () => tapTemplateButton(entry, b) }, b.text);
		if (b.type === 'COPY_CODE' || b.type === 'OTP') return copyCodeButton(b);
		return el('a', { testid: 'cta-button', href: b.url || '#', target: '_blank', rel: 'noreferrer' }, `↗ ${b.text}`);
	});
	return { parts, below };
}

/** A coupon's or a one-time password's button: WhatsApp copies the code sent with the template. */
function copyCodeButton(b) {
	const code = b.code ?? '';
	const copy = () => navigator.clipboard?.writeText(code).catch(() => undefined);
	return el('button', { type: 'button', testid: 'copy-code-button', 'data-code': code, title: code, onclick: copy }, `⧉ ${b.text}: ${code}`);
}

function outboundContent(entry) {
	const b = entry.body;
	switch (entry.type) {
		case 'text':
			return { parts: [textBlock(b.text.body)], below: [] };
		case 'interactive':
			return interactiveContent(entry);
		case 'template':
			return templateContent(entry);
		case 'location':
			return { parts: [locationCard(b.location)], below: [] };
		case 'contacts':
			return { parts: b.contacts.map((c) => el('div', { class: 'media-file' }, `👤 ${c.name.formatted_name}`)), below: [] };
		case 'image':
		case 'video':
		case 'audio':
		case 'document':
		case 'sticker': {
			const media = b[entry.type];
			return { parts: [mediaBlock(entry.type, media), media.caption && textBlock(media.caption, 'message-caption')], below: [] };
		}
		default:
			return { parts: [textBlock(`[${entry.type}]`)], below: [] };
	}
}

function ticks(entry) {
	if (entry.direction === 'in') {
		const state = entry.delivery === 'pending' ? 'pending' : entry.delivery === 'failed' ? 'failed' : entry.readByBusiness ? 'read' : 'delivered';
		const symbol = { pending: '🕓', failed: '⚠', delivered: '✓✓', read: '✓✓' }[state];
		return el(
			'span',
			{
				class: 'ticks',
				testid: 'read-ticks',
				dataset: { ticks: state },
				title: state === 'pending' ? 'Webhook not yet answered 200 by the callback: the sandbox retries' : state,
			},
			symbol,
		);
	}
	return null;
}

function messageNode(entry, byId) {
	const quotedId = entry.direction === 'in' ? entry.message.context && entry.message.context.id : entry.body.context && entry.body.context.message_id;
	const { parts, below } = entry.direction === 'in' ? { parts: inboundContent(entry), below: [] } : outboundContent(entry);
	const bubble = el(
		'div',
		{ class: 'bubble' },
		quotedId && el('div', { class: 'quote', testid: 'message-quote', html: formatWhatsApp(snippet(byId.get(quotedId))) }),
		...parts,
		el('span', { class: 'meta' }, clock(entry.timestamp), ticks(entry)),
	);
	if (entry.direction === 'out' && entry.status === 'failed')
		bubble.append(el('div', { class: 'message-error', testid: 'message-error' }, entry.errors.map((e) => `Not delivered (${e.code}): ${e.title}`).join('; ')));
	const reactions = [entry.reactions.customer, entry.reactions.business].filter(Boolean);
	const node = el(
		'div',
		{
			class: `message${reactions.length ? ' has-reaction' : ''}`,
			testid: 'message',
			dataset: { direction: entry.direction, messageId: entry.id, type: entry.type, status: entry.direction === 'out' ? entry.status : entry.delivery },
		},
		bubble,
	);
	if (below.length) node.append(el('div', { class: 'buttons' }, below));
	if (reactions.length)
		node.append(
			el(
				'div',
				{ class: 'reaction-badges' },
				reactions.map((r) => el('span', { class: 'reaction-badge', testid: 'reaction-badge' }, r)),
			),
		);
	if (entry.direction === 'out')
		node.append(
			el(
				'button',
				{ type: 'button', class: 'react-button', testid: 'react-button', 'aria-label': 'React', onclick: (event) => openEmojiPicker(event, node, entry) },
				'🙂',
			),
		);
	return node;
}

function openEmojiPicker(event, node, entry) {
	event.stopPropagation();
	closePopups();
	const picker = document.getElementById('emoji-picker').content.firstElementChild.cloneNode(true);
	picker.addEventListener('click', (e) => {
		const button = e.target.closest('button');
		if (!button) return;
		picker.remove();
		react(entry, button.dataset.emoji);
	});
	node.append(picker);
}

function renderChat() {
	const chat = $('chat');
	const conversation = view.conversation;
	const nearBottom = chat.scrollHeight - chat.scrollTop - chat.clientHeight < 80;
	chat.replaceChildren();
	if (!conversation) {
		chat.append(el('div', { class: 'empty', testid: 'chat-empty' }, 'Create or pick a customer on the left, then write as that customer.'));
		return;
	}
	const byId = new Map(conversation.entries.map((e) => [e.id, e]));
	const visible = conversation.entries.filter((e) => e.type !== 'reaction');
	if (visible.length === 0) chat.append(el('div', { class: 'empty', testid: 'chat-empty' }, 'No messages yet. Say hi to the business below.'));
	else
		chat.append(
			el('div', { class: 'day' }, new Date(Number(visible[0].timestamp) * 1000).toLocaleDateString([], { day: 'numeric', month: 'long', year: 'numeric' })),
		);
	for (const entry of visible) chat.append(messageNode(entry, byId));
	if (nearBottom || view.scrollToEnd) {
		chat.scrollTop = chat.scrollHeight;
		// Images grow the chat when they load; keep the newest message in view.
		chat.querySelectorAll('img').forEach((img) =>
			img.addEventListener(
				'load',
				() => {
					chat.scrollTop = chat.scrollHeight;
				},
				{ once: true },
			),
		);
	}
	view.scrollToEnd = false;
	if (view.sheetFor) {
		const entry = byId.get(view.sheetFor);
		if (entry) openList(entry);
	}
}

function renderHeader() {
	const customer = view.conversation && view.conversation.customer;
	const state = view.state;
	$('chat-business-name').textContent = state ? state.business.verifiedName : 'Sandbox';
	$('chat-avatar').textContent = state ? initials(state.business.verifiedName) : '?';
	const subtitle = $('chat-subtitle');
	if (customer && customer.typing) {
		subtitle.textContent = 'typing…';
		subtitle.className = 'who-sub typing';
		subtitle.dataset.testid = 'chat-subtitle';
		$('chat-subtitle').setAttribute('data-typing', 'true');
	} else {
		subtitle.className = 'who-sub';
		subtitle.removeAttribute('data-typing');
		subtitle.textContent = customer
			? `you are ${customer.name} (${customerLabel(customer)}) · ${customer.windowOpen ? '24 h window open' : 'outside the 24 h window'}`
			: '';
	}
	const pending = $('pending-webhooks');
	pending.hidden = !state || state.pendingWebhooks === 0;
	if (state) pending.textContent = `${state.pendingWebhooks} webhook${state.pendingWebhooks === 1 ? '' : 's'} pending`;
	const enabled = Boolean(view.current);
	$('composer-input').disabled = !enabled;
	$('send-button').disabled = !enabled;
}

function renderSidebar() {
	const state = view.state;
	$('business-name').textContent = `${state.business.verifiedName} · ${state.business.formattedPhoneNumber}`;
	const callback = $('callback-status');
	callback.textContent = state.callbackUrl ? `Webhooks → ${state.callbackUrl}` : 'No callback subscribed yet: customer messages wait as pending.';
	callback.classList.toggle('down', !state.callbackUrl);
	$('sandbox-clock').textContent = `Sandbox clock: ${new Date(state.clock).toLocaleString()}`;
	const list = $('customer-list');
	list.replaceChildren(
		...state.customers.map((c) =>
			el(
				'li',
				{},
				el(
					'button',
					{
						type: 'button',
						testid: 'customer',
						dataset: { waId: c.waId, userId: c.userId, username: c.username },
						'aria-current': c.waId === view.current ? 'true' : 'false',
						onclick: () => selectCustomer(c.waId),
					},
					el('span', { class: 'avatar' }, initials(c.name)),
					el('span', {}, c.name, el('span', { class: 'number', title: `BSUID ${c.userId}` }, customerLabel(c))),
				),
			),
		),
	);
}

function openList(entry) {
	const i = entry.body.interactive;
	view.sheetFor = entry.id;
	$('list-sheet-title').textContent = i.action.button;
	const body = $('list-sheet-body');
	body.replaceChildren(
		...i.action.sections
			.flatMap((section) => [
				section.title && el('div', { class: 'sheet-section' }, section.title),
				...section.rows.map((row) =>
					el(
						'button',
						{
							type: 'button',
							class: 'sheet-row',
							testid: 'list-row',
							dataset: { rowId: row.id },
							onclick: () => {
								closeList();
								pickRow(entry, row);
							},
						},
						row.title,
						row.description && el('small', {}, row.description),
					),
				),
			])
			.filter(Boolean),
	);
	$('list-sheet').hidden = false;
}

function closeList() {
	view.sheetFor = null;
	$('list-sheet').hidden = true;
}

function closePopups() {
	document.querySelectorAll('.emoji-picker').forEach((p) => p.remove());
	$('attach-menu').hidden = true;
}

async function renderLog() {
	const [requests, webhooks] = await Promise.all([call('/_sandbox/requests'), call('/_sandbox/webhooks')]);
	const items = [
		...requests.map((r) => ({
			at: r.at,
			node: el(
				'li',
				{ class: 'req', testid: 'api-log-request' },
				el('span', { class: 'dir' }, 'API ←'),
				`${r.method} ${r.path} → `,
				el('span', { class: r.status >= 400 ? 'bad' : '' }, String(r.status)),
				el(
					'span',
					{ class: 'detail' },
					r.status >= 400 && r.response && r.response.error
						? r.response.error.message
						: r.body && (r.body.to || r.body.recipient)
							? `${r.body.type || 'text'} to ${r.body.to ? `${String(r.body.to).startsWith('+') ? '' : '+'}${r.body.to}` : r.body.recipient}`
							: r.body && r.body.status
								? `mark ${r.body.status}`
								: '',
				),
			),
		})),
		...webhooks.map((w) => {
			const value = w.body.entry && w.body.entry[0] && w.body.entry[0].changes && w.body.entry[0].changes[0].value;
			const what =
				w.kind === 'status'
					? `status ${w.status}`
					: w.kind === 'message'
						? `message ${value.messages[0].type}${value.messages[0].system ? ` ${value.messages[0].system.type}` : ''}`
						: 'crafted body';
			const customer = w.waId && view.state && view.state.customers.find((c) => c.waId === w.waId);
			const who = w.waId
				? `${w.kind === 'status' ? 'to' : 'from'} ${customer && customer.username && !customer.phoneShared ? `@${customer.username}` : `+${w.waId}`} · `
				: '';
			const last = w.attempts.at(-1);
			const tries = `${w.attempts.length} attempt${w.attempts.length === 1 ? '' : 's'}${last ? ` · last ${last.status || last.error}` : ''}`;
			return {
				at: w.createdAt,
				node: el(
					'li',
					{ class: 'hook', testid: 'api-log-webhook', dataset: { state: w.state } },
					el('span', { class: 'dir' }, 'Hook →'),
					what,
					el('span', { class: 'detail' }, who, el('span', { class: w.state === 'delivered' ? '' : 'bad' }, w.state), ` · ${tries}`),
				),
			};
		}),
	]
		.sort((a, b) => (a.at < b.at ? 1 : -1))
		.slice(0, 60);
	$('api-log-list').replaceChildren(...items.map((i) => i.node));
}

// ---- data --------------------------------------------------------------------------------------

async function loadState() {
	view.state = await call('/_sandbox/state');
	if (view.current && !view.state.customers.some((c) => c.waId === view.current)) view.current = null;
	if (!view.current && view.state.customers.length)
		view.current = (view.state.customers.find((c) => `#/chat/${c.waId}` === location.hash) || view.state.customers[0]).waId;
	renderSidebar();
}

async function loadConversation() {
	view.conversation = view.current ? await call(`/_sandbox/conversations/${encodeURIComponent(view.current)}`) : null;
	renderChat();
	renderHeader();
}

async function selectCustomer(waId) {
	view.current = waId;
	view.scrollToEnd = true;
	closeList();
	history.replaceState(null, '', `#/chat/${waId}`);
	renderSidebar();
	await loadConversation();
	$('composer-input').focus();
}

let refreshTimer = null;
const dirty = { state: false, conversation: false, log: false };
function scheduleRefresh(kind) {
	dirty[kind] = true;
	if (refreshTimer) return;
	refreshTimer = setTimeout(async () => {
		refreshTimer = null;
		const todo = { ...dirty };
		dirty.state = dirty.conversation = dirty.log = false;
		try {
			if (todo.state) await loadState();
			if (todo.state || todo.conversation) await loadConversation();
			if (todo.log) await renderLog();
		} catch (error) {
			console.error(error);
		}
	}, 40);
}

function listen() {
	const events = new EventSource('/_sandbox/events');
	events.addEventListener('change', (message) => {
		const event = JSON.parse(message.data);
		if (event.type === 'request') return scheduleRefresh('log');
		if (event.type === 'webhook') scheduleRefresh('log');
		if (event.type === 'reset' || event.type === 'customers' || event.type === 'webhook') scheduleRefresh('state');
		if (!event.waId || event.waId === view.current) scheduleRefresh('conversation');
		if (event.waId && !view.state.customers.some((c) => c.waId === event.waId)) scheduleRefresh('state');
	});
	events.addEventListener('open', () => {
		scheduleRefresh('state');
		scheduleRefresh('log');
	});
}

function sendLocation() {
	closePopups();
	act('location', {
		latitude: $('location-latitude').value,
		longitude: $('location-longitude').value,
		name: $('location-name').value || undefined,
		address: $('location-address').value || undefined,
	});
}

function wire() {
	$('composer').addEventListener('submit', (event) => {
		event.preventDefault();
		const input = $('composer-input');
		const text = input.value.trim();
		if (!text) return;
		input.value = '';
		view.scrollToEnd = true;
		act('text', { text });
	});
	$('new-customer-form').addEventListener('submit', async (event) => {
		event.preventDefault();
		$('new-customer-error').textContent = '';
		try {
			const username = $('new-customer-username').value.trim();
			const hidePhone = $('new-customer-hide-phone').checked;
			if (hidePhone && !username) throw new Error('Only a customer with a username can hide the phone number: enter a username');
			const customer = await call('/_sandbox/customers', {
				name: $('new-customer-name').value,
				// The business never sees a hidden number, so the form needs none: the sandbox invents one.
				phone: hidePhone ? undefined : $('new-customer-number').value,
				username: username || undefined,
				phoneShared: username ? !hidePhone : undefined,
			});
			await loadState();
			await selectCustomer(customer.waId);
		} catch (error) {
			$('new-customer-error').textContent = error.message;
		}
	});
	$('new-customer-hide-phone').addEventListener('change', (event) => {
		$('new-customer-number').disabled = event.target.checked;
	});
	$('attach-button').addEventListener('click', (event) => {
		event.stopPropagation();
		const menu = $('attach-menu');
		const wasHidden = menu.hidden;
		closePopups();
		menu.hidden = !wasHidden || !view.current;
	});
	$('attach-menu').addEventListener('click', (event) => event.stopPropagation());
	$('send-sample-image').addEventListener('click', () => {
		closePopups();
		const caption = $('composer-input').value.trim();
		$('composer-input').value = '';
		act('image', { caption: caption || undefined });
	});
	$('image-file-input').addEventListener('change', async (event) => {
		const file = event.target.files[0];
		if (!file) return;
		closePopups();
		const data = new Uint8Array(await file.arrayBuffer());
		let binary = '';
		for (let i = 0; i < data.length; i += 0x8000) binary += String.fromCharCode(...data.subarray(i, i + 0x8000));
		const caption = $('composer-input').value.trim();
		$('composer-input').value = '';
		act('image', { dataBase64: btoa(binary), mimeType: file.type, caption: caption || undefined });
		event.target.value = '';
	});
	$('send-location').addEventListener('click', sendLocation);
	$('advance-clock-button').addEventListener('click', () => call('/_sandbox/clock/advance', { ms: 24 * 60 * 60 * 1000 }).then(() => scheduleRefresh('state')));
	$('retry-webhooks-button').addEventListener('click', () => call('/_sandbox/webhooks/retry', {}).then(() => scheduleRefresh('state')));
	$('list-sheet-close').addEventListener('click', closeList);
	$('list-sheet').addEventListener('click', (event) => {
		if (event.target === $('list-sheet')) closeList();
	});
	document.addEventListener('click', () => closePopups());
	window.addEventListener('hashchange', () => {
		const waId = location.hash.replace('#/chat/', '');
		if (waId && waId !== view.current) selectCustomer(waId);
	});
	setInterval(() => {
		if (view.conversation && view.conversation.customer && view.conversation.customer.typing) scheduleRefresh('conversation');
	}, 5000);
}

wire();
view.scrollToEnd = true;
loadState()
	.then(loadConversation)
	.then(renderLog)
	.then(listen)
	.catch((error) => {
		$('chat').replaceChildren(el('div', { class: 'empty' }, `The sandbox is not answering: ${error.message}`));
	});
