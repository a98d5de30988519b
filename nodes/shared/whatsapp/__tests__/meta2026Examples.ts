/**
 * Webhook bodies in the shapes /work/shared/design/CLOUD-API-2026.md documents (the 2026 addendum to
 * CLOUD-API.md): business-scoped user IDs (BSUIDs), usernames, pricing, identity changes, and every
 * change field and message type of its §4. The addendum's own JSON examples are copied as written
 * (section noted on each); the table rows are filled in with the addendum's placeholder ids
 * (`WABA_ID`, `PNID`, `wamid.X…`, `BR.1000…`). Shared by the normalizer tests and the benchmark.
 * The addendum's §1.8 examples are a send request and its response: outbound, not webhooks, so not here.
 */

type Json = Record<string, unknown>;

export const WABA_ID = 'WABA_ID';
export const PNID = 'PNID';
export const DISPLAY_PHONE_NUMBER = '15550001111';
/** Ana: a username user whose phone is withheld (§1.4). */
export const ANA_USER_ID = 'BR.1000000000000000001';
export const ANA_NEW_USER_ID = 'BR.1000000000000000009';
export const ANA_USERNAME = 'ana.g';
/** A US customer with a phone, a BSUID and (where the business is enrolled) a parent BSUID. */
export const US_USER_ID = 'US.1000000000000000002';
export const US_PARENT_USER_ID = 'US.ENT.20000000000000000002';
export const US_PHONE = '15550002222';
export const GROUP_ID = 'GROUP_ID';
export const TIMESTAMP = '1790000000';
export const TIMESTAMP_ISO = new Date(Number(TIMESTAMP) * 1000).toISOString();

export const metadata = { display_phone_number: DISPLAY_PHONE_NUMBER, phone_number_id: PNID };

/** One change in one entry, the way Meta wraps every field. */
export function webhook(field: string, value: Json, entryExtra: Json = {}): Json {
	return { object: 'whatsapp_business_account', entry: [{ id: WABA_ID, ...entryExtra, changes: [{ field, value }] }] };
}

export function messagesChange(messages: Json[], contacts?: Json[]): Json {
	return webhook('messages', { messaging_product: 'whatsapp', metadata, ...(contacts ? { contacts } : {}), messages });
}

export function statusesChange(statuses: Json[], contacts?: Json[]): Json {
	return webhook('messages', { messaging_product: 'whatsapp', metadata, ...(contacts ? { contacts } : {}), statuses });
}

export const anaContact = { profile: { name: 'Ana', username: ANA_USERNAME }, user_id: ANA_USER_ID };
export const usContact = { profile: { name: 'Sam' }, wa_id: US_PHONE, user_id: US_USER_ID, parent_user_id: US_PARENT_USER_ID };

/** A message from the US customer (phone and BSUIDs present, §1.4). */
export function fromUs(id: string, type: string, content: Json): Json {
	return { from: US_PHONE, from_user_id: US_USER_ID, from_parent_user_id: US_PARENT_USER_ID, id, timestamp: TIMESTAMP, type, ...content };
}

// §1.4: username user, phone withheld: no wa_id, no from. (The addendum's example, as written.)
export const bsuidTextMessage = {
	object: 'whatsapp_business_account',
	entry: [
		{
			id: 'WABA_ID',
			changes: [
				{
					field: 'messages',
					value: {
						messaging_product: 'whatsapp',
						metadata: { display_phone_number: '15550001111', phone_number_id: 'PNID' },
						contacts: [{ profile: { name: 'Ana', username: 'ana.g' }, user_id: 'BR.1000000000000000001' }],
						messages: [
							{ from_user_id: 'BR.1000000000000000001', id: 'wamid.X1', timestamp: '1790000000', type: 'text', text: { body: 'hi' } },
						],
					},
				},
			],
		},
	],
};

// §1.5: delivered to a BSUID, phone withheld (the addendum's status, as written; contacts[0] then has
// user_id and profile{name,username} only).
export const bsuidDeliveredStatus = {
	id: 'wamid.X2',
	status: 'delivered',
	timestamp: '1790000100',
	recipient_user_id: 'US.1000000000000000002',
	pricing: { billable: true, pricing_model: 'PMP', type: 'regular', category: 'utility' },
};

// §1.6: user_changed_user_id (the addendum's message, as written; system webhooks carry no contacts[]).
export const userChangedUserIdMessage = {
	id: 'wamid.X3',
	timestamp: '1790000200',
	type: 'system',
	system: {
		type: 'user_changed_user_id',
		body: 'User Ana changed …',
		user_id: 'BR.1000000000000000009',
		previous_user_id: 'BR.1000000000000000001',
	},
};

const HISTORY_DECLINED = { code: 2593109, title: 'History sharing declined', message: 'History sharing declined', error_data: { details: 'The user declined to share chat history.' } };

/** A `history` chunk (§4.1) with `threads` threads of `perThread` messages, alternating customer and business. */
export function historyChange(threads: number, perThread: number, chunk: Json = { phase: 0, chunk_order: 1, progress: 55 }): Json {
	return webhook('history', {
		messaging_product: 'whatsapp',
		metadata,
		history: [
			{
				metadata: chunk,
				threads: Array.from({ length: threads }, (_, t) => ({
					id: `1555000${String(3000 + t)}`,
					context: { wa_id: `1555000${String(3000 + t)}`, user_id: `US.300000000000000${String(1000 + t)}`, username: t === 0 ? 'first.thread' : undefined },
					messages: Array.from({ length: perThread }, (_, m) =>
						m % 2 === 0
							? {
									from: `1555000${String(3000 + t)}`,
									from_user_id: `US.300000000000000${String(1000 + t)}`,
									id: `wamid.H${t}.${m}`,
									timestamp: String(1780000000 + m),
									type: 'text',
									text: { body: `customer line ${m}` },
									history_context: { status: 'read' },
								}
							: {
									from: DISPLAY_PHONE_NUMBER,
									to: `1555000${String(3000 + t)}`,
									to_user_id: `US.300000000000000${String(1000 + t)}`,
									id: `wamid.H${t}.${m}`,
									timestamp: String(1780000000 + m),
									type: 'text',
									text: { body: `business line ${m}` },
									history_context: { status: 'delivered' },
								},
					),
				})),
			},
		],
	});
}

/** Every example, by name: each a whole webhook body. */
export const examples2026 = {
	// ---- §1 BSUIDs and usernames ----
	bsuidTextMessage,
	/** §1.4 with phone and parent BSUID present (a user within the 30-day rule, enrolled business). */
	phoneAndBsuidTextMessage: messagesChange([fromUs('wamid.X5', 'text', { text: { body: 'Where is my order?' } })], [usContact]),
	/** §1.4: an old-style message (before April 2026): phone only. */
	phoneOnlyTextMessage: messagesChange(
		[{ from: US_PHONE, id: 'wamid.X6', timestamp: TIMESTAMP, type: 'text', text: { body: 'hello' } }],
		[{ profile: { name: 'Sam' }, wa_id: US_PHONE }],
	),
	/** §1.5 as written, with its value.contacts[0] (user_id and profile only). */
	bsuidDeliveredStatus: statusesChange([bsuidDeliveredStatus], [{ profile: { name: 'Sam', username: 'sam.w' }, user_id: US_USER_ID }]),
	/** §1.5 sent by phone: recipient_id and recipient_user_id, contacts without username (never on sent). */
	phoneSentStatus: statusesChange(
		[
			{
				id: 'wamid.X7',
				status: 'sent',
				timestamp: TIMESTAMP,
				recipient_id: US_PHONE,
				recipient_user_id: US_USER_ID,
				recipient_parent_user_id: US_PARENT_USER_ID,
				pricing: { billable: true, pricing_model: 'PMP', type: 'regular', category: 'marketing' },
			},
		],
		[{ profile: { name: 'Sam' }, wa_id: US_PHONE, user_id: US_USER_ID, parent_user_id: US_PARENT_USER_ID }],
	),
	/** §1.5 and §1.9.3: failed by phone: no contacts[], no recipient_user_id. */
	phoneFailedStatus: statusesChange([
		{
			id: 'wamid.X8',
			status: 'failed',
			timestamp: TIMESTAMP,
			recipient_id: US_PHONE,
			errors: [
				{
					code: 131047,
					title: 'Re-engagement message',
					message: 'Re-engagement message',
					error_data: { details: 'Message failed to send because more than 24 hours have passed since the customer last replied to this number.' },
				},
			],
		},
	]),
	/** §1.5 group send: recipient_id is the group, the participant in recipient_participant_*. */
	groupReadStatus: statusesChange([
		{
			id: 'wamid.X9',
			status: 'read',
			timestamp: TIMESTAMP,
			recipient_id: GROUP_ID,
			recipient_type: 'group',
			recipient_participant_id: US_PHONE,
			recipient_participant_user_id: US_USER_ID,
		},
	]),
	/** §1.6 as written. */
	userChangedUserId: messagesChange([userChangedUserIdMessage]),
	/** §1.6 user_changed_number with BSUIDs: system.wa_id is the new phone. */
	userChangedNumber: messagesChange([
		{
			from: US_PHONE,
			from_user_id: US_USER_ID,
			id: 'wamid.X10',
			timestamp: TIMESTAMP,
			type: 'system',
			system: {
				type: 'user_changed_number',
				body: 'User Sam changed from 15550002222 to 15550009999',
				wa_id: '15550009999',
				user_id: 'US.1000000000000000099',
				parent_user_id: 'US.ENT.20000000000000000099',
				previous_user_id: US_USER_ID,
				previous_parent_user_id: US_PARENT_USER_ID,
			},
		},
	]),
	/** §1.6: pywa's customer_identity_changed (unconfirmed in Meta's docs): passes through. */
	customerIdentityChanged: messagesChange([
		{
			from: US_PHONE,
			id: 'wamid.X11',
			timestamp: TIMESTAMP,
			type: 'system',
			system: { type: 'customer_identity_changed', body: 'Security code changed', identity: { acknowledged: true, created_timestamp: 1790000000, hash: 'abc' } },
		},
	]),
	/** §1.7: the answer to REQUEST_CONTACT_INFO: a contacts message, origin inside contacts[]. */
	sharedContactInfo: messagesChange(
		[
			{
				from_user_id: ANA_USER_ID,
				id: 'wamid.X12',
				timestamp: TIMESTAMP,
				type: 'contacts',
				contacts: [{ origin: 'contact_request', name: { formatted_name: 'Ana' }, phones: [{ phone: '+55 11 90000-0001', wa_id: '5511900000001', type: 'CELL' }] }],
			},
		],
		[anaContact],
	),
	/** §1.7: the earlier revision with origin on the message; a manually shared card has a vcard. */
	sharedContactCardOriginOnMessage: messagesChange(
		[
			{
				from_user_id: ANA_USER_ID,
				id: 'wamid.X13',
				timestamp: TIMESTAMP,
				type: 'contacts',
				origin: 'other',
				contacts: [{ vcard: 'BEGIN:VCARD…', name: { formatted_name: 'Bruno' }, phones: [{ phone: '+55 11 90000-0002', type: 'CELL' }] }],
			},
		],
		[anaContact],
	),

	// ---- §2 pricing ----
	/** Since 2026-10-01: service replies are charged. */
	servicePricedStatus: statusesChange([
		{ id: 'wamid.X14', status: 'sent', timestamp: TIMESTAMP, recipient_id: US_PHONE, recipient_user_id: US_USER_ID, pricing: { billable: true, pricing_model: 'PMP', type: 'regular', category: 'service' } },
	]),
	/** Free entry point (v24+: conversation only inside an open FEP window), hyphenated category. */
	freeEntryPointStatus: statusesChange([
		{
			id: 'wamid.X15',
			status: 'sent',
			timestamp: TIMESTAMP,
			recipient_id: US_PHONE,
			recipient_user_id: US_USER_ID,
			conversation: { id: 'CONVERSATION_ID', expiration_timestamp: '1790259200', origin: { type: 'authentication_international' } },
			pricing: { billable: false, pricing_model: 'PMP', type: 'free_entry_point', category: 'authentication-international' },
		},
	]),
	/** Meta Business Agent category, "forthcoming": unknown values pass through. */
	unknownCategoryStatus: statusesChange([
		{ id: 'wamid.X16', status: 'delivered', timestamp: TIMESTAMP, recipient_user_id: US_USER_ID, pricing: { pricing_model: 'PMP', type: 'regular', category: 'business_agent' } },
	]),

	// ---- §4.1 change fields ----
	/** smb_message_echoes: a text sent from the WhatsApp Business app to a username customer. */
	textEcho: webhook('smb_message_echoes', {
		messaging_product: 'whatsapp',
		metadata,
		contacts: [{ profile: { username: ANA_USERNAME }, user_id: ANA_USER_ID }],
		message_echoes: [{ from: DISPLAY_PHONE_NUMBER, to_user_id: ANA_USER_ID, id: 'wamid.E1', timestamp: TIMESTAMP, type: 'text', text: { body: 'Your order shipped' } }],
	}),
	/** smb_message_echoes: an image, a revoke and an edit to a phone customer. */
	mediaRevokeEditEchoes: webhook('smb_message_echoes', {
		messaging_product: 'whatsapp',
		metadata,
		contacts: [{ wa_id: US_PHONE, user_id: US_USER_ID }],
		message_echoes: [
			{ from: DISPLAY_PHONE_NUMBER, to: US_PHONE, to_user_id: US_USER_ID, to_parent_user_id: US_PARENT_USER_ID, id: 'wamid.E2', timestamp: TIMESTAMP, type: 'image', image: { id: 'MEDIA_E2', mime_type: 'image/jpeg', sha256: 'x', caption: 'The blue one', url: 'https://lookaside.fbsbx.com/whatsapp_business/attachments/?mid=E2' } },
			{ from: DISPLAY_PHONE_NUMBER, to: US_PHONE, to_user_id: US_USER_ID, id: 'wamid.E3', timestamp: TIMESTAMP, type: 'revoke', revoke: { original_message_id: 'wamid.E0' } },
			{ from: DISPLAY_PHONE_NUMBER, to: US_PHONE, to_user_id: US_USER_ID, id: 'wamid.E4', timestamp: TIMESTAMP, type: 'edit', edit: { original_message_id: 'wamid.E1', message: { type: 'text', text: { body: 'Your order shipped today' } } } },
		],
	}),
	/** history: one chunk, two threads of three messages. */
	history: historyChange(2, 3),
	/** history: the user declined sharing. */
	historyDeclined: webhook('history', { messaging_product: 'whatsapp', metadata, history: [{ errors: [HISTORY_DECLINED] }] }),
	/** history: media arriving later, as messages[] and message_echoes[] with media_placeholder types. */
	historyMedia: webhook('history', {
		messaging_product: 'whatsapp',
		metadata,
		messages: [{ from: US_PHONE, from_user_id: US_USER_ID, id: 'wamid.H9', timestamp: '1780000100', type: 'image', image: { id: 'MEDIA_H9', mime_type: 'image/jpeg' }, history_context: { status: 'read' } }],
		message_echoes: [{ from: DISPLAY_PHONE_NUMBER, to: US_PHONE, to_user_id: US_USER_ID, id: 'wamid.H10', timestamp: '1780000200', type: 'media_placeholder', history_context: { status: 'delivered' } }],
	}),
	/** smb_app_state_sync: one contact added, one removed. */
	stateSync: webhook('smb_app_state_sync', {
		messaging_product: 'whatsapp',
		metadata,
		state_sync: [
			{ type: 'contact', contact: { full_name: 'Sam Wilson', first_name: 'Sam', phone_number: US_PHONE, user_id: US_USER_ID, parent_user_id: US_PARENT_USER_ID }, action: 'add', metadata: { timestamp: TIMESTAMP } },
			{ type: 'contact', contact: { user_id: ANA_USER_ID, username: ANA_USERNAME }, action: 'remove', metadata: { timestamp: '1790000300' } },
		],
	}),
	/** standby: the agent's thread, messages/echoes/statuses at value level. */
	standbyValueLevel: webhook('standby', {
		messaging_product: 'whatsapp',
		metadata,
		contacts: [usContact],
		messages: [fromUs('wamid.S1', 'text', { text: { body: 'Is the agent still there?' } })],
		statuses: [{ id: 'wamid.S2', status: 'read', timestamp: TIMESTAMP, recipient_id: US_PHONE, recipient_user_id: US_USER_ID }],
	}),
	/** standby: the same under value.standby (shape unconfirmed; one observed echo nests its content in `message`). */
	standbyNested: webhook('standby', {
		messaging_product: 'whatsapp',
		metadata,
		standby: {
			contacts: [usContact],
			messages: [fromUs('wamid.S3', 'image', { image: { id: 'MEDIA_S3', mime_type: 'image/jpeg', caption: 'this one' } })],
			message_echoes: [{ id: 'wamid.S4', message: { from: DISPLAY_PHONE_NUMBER, to: US_PHONE, to_user_id: US_USER_ID, timestamp: TIMESTAMP, type: 'text', text: { body: 'Agent: here it is' } } }],
		},
	}),
	/** messaging_handovers as Meta's page documents it: metadata, previous_owner_role/new_owner_role. */
	handoverDocumented: webhook('messaging_handovers', {
		messaging_product: 'whatsapp',
		metadata,
		sender: { phone_number: US_PHONE, user_id: US_USER_ID },
		timestamp: TIMESTAMP,
		type: 'control_taken',
		control_taken: { previous_owner_role: 'ai_agent', new_owner_role: 'escalation', metadata: 'customer asked for a human' },
	}),
	/** messaging_handovers as observed: no metadata, the business number in recipient, app roles. */
	handoverObserved: webhook('messaging_handovers', {
		messaging_product: 'whatsapp',
		recipient: { display_phone_number: DISPLAY_PHONE_NUMBER, phone_number_id: PNID },
		sender: { phone_number: US_PHONE },
		timestamp: TIMESTAMP,
		control_passed: { metadata: 'handover-metadata', previous_owner_app_id: 'APP_ID', previous_owner_app_role: 'meta_business_agent' },
	}),
	/** user_preferences: a stop and a resume, with contacts[]. */
	userPreferences: webhook('user_preferences', {
		messaging_product: 'whatsapp',
		metadata,
		contacts: [usContact, anaContact],
		user_preferences: [
			{ wa_id: US_PHONE, user_id: US_USER_ID, parent_user_id: US_PARENT_USER_ID, detail: 'User requested to stop marketing messages', category: 'marketing_messages', value: 'stop', timestamp: TIMESTAMP },
			{ user_id: ANA_USER_ID, detail: 'User requested to resume marketing messages', category: 'marketing_messages', value: 'resume', timestamp: '1790000400' },
		],
	}),
	businessUsernameUpdate: webhook('business_username_updates', { display_phone_number: DISPLAY_PHONE_NUMBER, username: 'lucky.shrub', status: 'approved' }, { time: 1790000000 }),
	/** user_id_update: not subscribable per the changelog; survives as a generic change. */
	userIdUpdate: webhook('user_id_update', {
		messaging_product: 'whatsapp',
		metadata,
		user_id_update: [{ wa_id: US_PHONE, detail: 'user id changed', user_id: { previous: US_USER_ID, current: 'US.1000000000000000099' }, timestamp: TIMESTAMP }],
	}),
	calls: webhook('calls', {
		messaging_product: 'whatsapp',
		metadata,
		contacts: [usContact],
		calls: [{ id: 'wacid.C1', from: US_PHONE, to: DISPLAY_PHONE_NUMBER, event: 'connect', timestamp: TIMESTAMP, direction: 'USER_INITIATED' }],
	}),
	groupLifecycleUpdate: webhook('group_lifecycle_update', { messaging_product: 'whatsapp', metadata, groups: [{ timestamp: TIMESTAMP, group_id: GROUP_ID, type: 'group_create', request_id: 'REQ_1' }] }),
	groupParticipantsUpdate: webhook('group_participants_update', { messaging_product: 'whatsapp', metadata, groups: [{ timestamp: TIMESTAMP, group_id: GROUP_ID, type: 'group_participants_add', added_participants: [{ input: US_PHONE }] }] }),
	groupSettingsUpdate: webhook('group_settings_update', { messaging_product: 'whatsapp', metadata, groups: [{ timestamp: TIMESTAMP, group_id: GROUP_ID, type: 'group_settings_update', group_subject: { text: 'Orders', update_successful: true } }] }),
	groupStatusUpdate: webhook('group_status_update', { messaging_product: 'whatsapp', metadata, groups: [{ timestamp: TIMESTAMP, group_id: GROUP_ID, type: 'group_suspend' }] }),
	flows: webhook('flows', { event: 'FLOW_STATUS_CHANGE', message: 'Flow Welcome status changed from DRAFT to PUBLISHED', flow_id: 'FLOW_ID', old_status: 'DRAFT', new_status: 'PUBLISHED' }, { time: 1790000000 }),
	accountUpdatePricingTier: webhook('account_update', { event: 'VOLUME_BASED_PRICING_TIER_UPDATE', volume_tier_info: { tier_update_time: 1790000000, pricing_category: 'utility', tier: '1000001:5000000', effective_month: '2026-10' } }, { time: 1790000000 }),
	accountAlerts: webhook('account_alerts', { entity_type: 'PHONE_NUMBER', entity_id: PNID, alert_info: { alert_severity: 'WARNING', alert_status: 'ACTIVE', alert_type: 'INCREASED_CAPABILITIES_ELIGIBILITY', alert_description: '…' } }, { time: 1790000000 }),
	businessCapabilityUpdate: webhook('business_capability_update', { max_daily_conversations_per_business: 2000, max_phone_numbers_per_business: 20 }, { time: 1790000000 }),
	automaticEvents: webhook('automatic_events', { messaging_product: 'whatsapp', metadata, automatic_events: [{ id: 'wamid.A1', event_name: 'Purchase', timestamp: 1790000000, ctwa_clid: 'CLID' }] }),
	/** A field no one has heard of yet. */
	unknownField: webhook('hologram_update', { messaging_product: 'whatsapp', metadata, hologram: { id: 'H1' } }),

	// ---- §4.2 message types and sub-objects ----
	flowReply: messagesChange(
		[
			fromUs('wamid.F1', 'interactive', {
				context: { from: DISPLAY_PHONE_NUMBER, id: 'wamid.FLOWSENT' },
				interactive: { type: 'nfm_reply', nfm_reply: { name: 'flow', body: 'Sent', response_json: '{"flow_token":"opaque-1","date":"2026-12-24","guests":"2"}' } },
			}),
		],
		[usContact],
	),
	flowReplyUnparsable: messagesChange(
		[fromUs('wamid.F2', 'interactive', { interactive: { type: 'nfm_reply', nfm_reply: { name: 'flow', body: 'Sent', response_json: '{"flow_token":' } } })],
		[usContact],
	),
	addressReply: messagesChange(
		[
			fromUs('wamid.F3', 'interactive', {
				interactive: { type: 'nfm_reply', nfm_reply: { name: 'address_message', body: 'Sent', response_json: '{"saved_address_id":"a1","values":{"name":"Sam","city":"Mumbai","in_pin_code":"400001"}}' } },
			}),
		],
		[usContact],
	),
	callPermissionReply: messagesChange(
		[fromUs('wamid.F4', 'interactive', { interactive: { type: 'call_permission_reply', call_permission_reply: { response: 'accept', is_permanent: false, expiration_timestamp: 1790604800, response_source: 'user_action' } } })],
		[usContact],
	),
	/** Incoming product (documented 2026-08-03): sub-object shape unconfirmed. */
	productInteractive: messagesChange([fromUs('wamid.F5', 'interactive', { interactive: { type: 'product', product: { catalog_id: 'CATALOG_ID', product_retailer_id: 'SKU-1' } } })], [usContact]),
	orderWithoutText: messagesChange(
		[fromUs('wamid.F6', 'order', { order: { catalog_id: 'CATALOG_ID', product_items: [{ product_retailer_id: 'SKU-1', quantity: 1, item_price: 12.5, currency: 'EUR' }] } })],
		[usContact],
	),
	productQuestion: messagesChange(
		[fromUs('wamid.F7', 'text', { text: { body: 'Is this in stock?' }, context: { from: DISPLAY_PHONE_NUMBER, id: 'wamid.PRODUCT', referred_product: { catalog_id: 'CATALOG_ID', product_retailer_id: 'SKU-1' } } })],
		[usContact],
	),
	edit: messagesChange(
		[fromUs('wamid.F8', 'edit', { edit: { original_message_id: 'wamid.X5', message: { context: { from: DISPLAY_PHONE_NUMBER, id: 'wamid.Q' }, type: 'text', text: { body: 'Where is my parcel?' } } } })],
		[usContact],
	),
	editAsUnsupported: messagesChange(
		[
			fromUs('wamid.F9', 'unsupported', {
				unsupported: { type: 'edit' },
				errors: [{ code: 131051, title: 'Message type unknown', message: 'Message type unknown', error_data: { details: 'Message type is currently not supported.' } }],
			}),
		],
		[usContact],
	),
	revoke: messagesChange([fromUs('wamid.F10', 'revoke', { revoke: { original_message_id: 'wamid.X5' } })], [usContact]),
	unsupportedPoll: messagesChange(
		[
			fromUs('wamid.F11', 'unsupported', {
				unsupported: { type: 'poll_creation' },
				errors: [{ code: 131060, title: 'Unsupported message type', message: 'Unsupported message type', error_data: { details: 'Poll creation is not supported.' } }],
			}),
		],
		[usContact],
	),
	groupMessage: messagesChange([{ ...fromUs('wamid.F12', 'text', { text: { body: 'Hi all' } }), group_id: GROUP_ID }], [usContact]),
	imageWithUrl: messagesChange(
		[fromUs('wamid.F13', 'image', { image: { id: 'MEDIA_F13', mime_type: 'image/jpeg', sha256: 'abc', caption: 'Receipt', url: 'https://lookaside.fbsbx.com/whatsapp_business/attachments/?mid=F13' } })],
		[usContact],
	),
	voiceNote: messagesChange(
		[fromUs('wamid.F14', 'audio', { audio: { id: 'MEDIA_F14', mime_type: 'audio/ogg; codecs=opus', sha256: 'def', voice: true, url: 'https://lookaside.fbsbx.com/whatsapp_business/attachments/?mid=F14' } })],
		[usContact],
	),
	playedStatus: statusesChange([{ id: 'wamid.X17', status: 'played', timestamp: TIMESTAMP, recipient_id: US_PHONE, recipient_user_id: US_USER_ID }], [usContact]),
	deletedStatus: statusesChange([{ id: 'wamid.X18', status: 'deleted', timestamp: TIMESTAMP, recipient_id: US_PHONE, recipient_user_id: US_USER_ID }]),
	unknownStatus: statusesChange([{ id: 'wamid.X19', status: 'teleported', timestamp: TIMESTAMP, recipient_user_id: US_USER_ID }]),
	/** value.errors[]: a system/app-level error without messages. */
	valueLevelError: webhook('messages', {
		messaging_product: 'whatsapp',
		metadata,
		errors: [{ code: 130429, title: 'Rate limit hit', message: 'Rate limit hit', error_data: { details: 'Cloud API message throughput has been reached.' } }],
	}),
	unknownMessageType: messagesChange([fromUs('wamid.F15', 'hologram', { hologram: { id: 'H1' } })], [usContact]),
	requestWelcome: messagesChange([fromUs('wamid.F16', 'request_welcome', {})], [usContact]),
	/** Meta's older docs name a type "unknown" (with error 131051). */
	unknownTypeNamedUnknown: messagesChange(
		[fromUs('wamid.F17', 'unknown', { errors: [{ code: 131051, title: 'Message type unknown', message: 'Message type unknown', error_data: { details: 'Message type is currently not supported.' } }] })],
		[usContact],
	),
	/** An empty string where Meta should have left the key out (§1.3 says it never sends ""): still no "" in the item. */
	emptyStrings: messagesChange([{ from: '', from_user_id: ANA_USER_ID, id: 'wamid.F18', timestamp: TIMESTAMP, type: 'text', text: { body: '' } }], [{ profile: { name: '', username: '' }, wa_id: '', user_id: ANA_USER_ID }]),
} satisfies Record<string, Json>;

export type Example2026 = keyof typeof examples2026;
