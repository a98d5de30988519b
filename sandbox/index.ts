/**
 * Cloud API sandbox: a local WhatsApp Business Cloud API (CLOUD-API.md) with a phone simulator.
 *
 * Library API (stable; used by the integration and engine tests and by the demo):
 *
 *   const sandbox = await startSandbox({ port: 0, callbackUrl: 'http://127.0.0.1:5678/webhook/x' });
 *
 * Options (all optional): port (0 = free port), host ('127.0.0.1'), accessToken, appSecret,
 *   verifyToken, phoneNumberId, wabaId, appId, apiVersion ('v25.0'), oldestApiVersion ('v21.0';
 *   older path versions get error 2635),
 *   displayPhoneNumber, verifiedName, callbackUrl (subscribe directly after the GET verify
 *   handshake, skipping the subscriptions API), throughputPerSecond (80), retryBackoffMs
 *   ([1000, 2000, 5000, 15000, 60000]; the last repeats), maxDeliveryAttempts (0 = forever),
 *   webhookTimeoutMs (10000), statusDelaysMs ([150, 400, 900] for sent/delivered/read),
 *   autoRead (true), templates (default: a few approved en_US templates, see templates.ts),
 *   wabaSubscribedToApp (true: the app subscription alone routes webhooks, as after dashboard setup),
 *   pairRateLimit ({ messages, perMs }, off by default: error 131056), numbersNotOnWhatsApp
 *   (sends to them are accepted, then fail with status error 131026), parentUserIds (false: true
 *   gives customers parent BSUIDs `CC.ENT.…` and webhooks the parent_* fields), strictPlusRule
 *   (false: see "Sends" below).
 *
 * Customers (CLOUD-API-2026.md §1). Every customer has a business-scoped user id (BSUID,
 *   `customer.userId`): `businessScopedUserId(waId)` (exported here) tells it without asking,
 *   e.g. for seeded demo customers. Every webhook about a customer carries it (`contacts[].user_id`,
 *   `messages[].from_user_id`, `statuses[].recipient_user_id` except on failed). A customer may have a
 *   `username` and withhold the phone (`phoneShared: false`): their webhooks then have no `from`,
 *   `wa_id` or `recipient_id`, until customerSharesPhone(who) or until the business sends to that
 *   phone with `to` (as Meta includes a phone the business messaged, §1.3). Wherever a customer is named (`from` of the customer actions,
 *   messagesTo, conversation, the /_sandbox/customers/{id}/… controls) a wa_id / phone, a BSUID, a
 *   parent BSUID or `@username` works.
 *
 * Sends (`POST /{v}/{phone-number-id}/messages`): `to` (phone), `recipient` (BSUID or parent BSUID),
 *   or both (`to` wins). The answer's contacts[0] has `input`, and `wa_id` (phone used) or `user_id`
 *   (BSUID used). A `to` with '+' is E.164; without '+' it is read as a number of the business phone
 *   number's country (libphonenumber with that region as default: a +55 business sending
 *   "16315551181" reaches +55 16315551181) and goes to whoever that is (a customer the sandbox did
 *   not know appears on the page). When that reading is no possible number the digits are read as
 *   international (a wa_id), unless strictPlusRule, which makes it error 131009. One-tap, zero-tap
 *   and copy-code authentication templates to a BSUID: error 131062. Statuses: pricing (PMP) on
 *   sent and delivered; `conversation` only when the request path's version is v23.0 or older.
 *
 * The Sandbox:
 *   baseUrl          http://127.0.0.1:PORT — the credential's baseUrl (Graph paths: /{version}/...)
 *   apiVersion       'v25.0'
 *   pageUrl          the phone simulator page
 *   credentials      { accessToken, phoneNumberId, businessAccountId, appId, appSecret,
 *                      verifyToken, baseUrl, apiVersion } — the whatsAppCloudApi credential
 *   setCallback(url, verifyToken?)   GET verify handshake like Meta, then subscribe; throws if it fails
 *   clearCallback()
 *   Customer actions, each → { messageId, webhookId, delivery: Promise<DeliveryOutcome> }:
 *     customerSendsText(from, text, { name?, contextMessageId? })
 *     customerTapsButton(from, buttonIdOrTitle, { messageId? })      interactive.button_reply
 *     customerPicksListRow(from, rowIdOrTitle, { messageId? })       interactive.list_reply
 *     customerTapsTemplateButton(from, buttonText, { messageId? })   type "button" {payload, text}
 *     customerReacts(from, messageId, emoji)                         '' removes the reaction
 *     customerSharesLocation(from, { latitude, longitude, name?, address? })
 *     customerSendsImage(from, { caption?, mimeType?, data? })       media retrievable via the API
 *     customerChangesNumber(who, newPhone)    system user_changed_number (user_changed_user_id
 *                                             when the phone is withheld); new BSUID
 *     customerChangesUserId(who, { newUserId?, newPhone? })   system user_changed_user_id
 *   deliverWebhook(body) → { webhookId, delivery }   sign and post a crafted body as is
 *   createCustomer(phone, name) or createCustomer({ phone?, name?, username?, phoneShared? })
 *                           → { waId, userId, parentUserId?, username?, phoneShared, previousUserIds, name, … }
 *   customers(), findCustomer(who), customerSharesPhone(who) (webhooks carry the phone from now on)
 *   messagesTo(who)         OutboundMessage[]: what the business sent (request body, id, status,
 *                           addressedBy 'phone' | 'userId', apiVersion)
 *   conversation(who)       both directions
 *   waitForMessagesTo(who, count?, timeoutMs?)
 *   requests()              every Graph API request (method, path, query, body, status, response)
 *   webhooks()              every webhook (body, rawBody, signature, state, attempts)
 *   injectFault({ count?, status?, code?, message?, delayMs?, path? })
 *   advanceClock(ms), now() the sandbox clock (24-hour window, timestamps, media URL expiry)
 *   retryWebhooksNow(), pendingWebhookCount()
 *   reset()                 forget everything but the callback subscription
 *   stop()
 *
 * The same controls over HTTP (JSON) under /_sandbox/... are listed in sandbox/README.md.
 */
export { Sandbox } from './Sandbox';
export type { SandboxOptions, SandboxCredentials, CustomerAction, FaultSpec, RequestRecord, SandboxEvent, NewCustomer } from './Sandbox';
export type { ChatEntry, OutboundMessage, InboundMessage, Customer } from './conversations';
export type { WebhookRecord, DeliveryOutcome, WebhookAttempt } from './webhooks/webhookDelivery';
export type { MessageTemplate } from './templates';
export { seedTemplates, authenticationTemplate, authenticationTemplateSend } from './templates';
export { businessScopedUserId, parentBusinessScopedUserId } from './ids';
export { serializeLikeMeta, signatureHeader } from './webhooks/webhookBodies';
export { LIMITS } from './validation/messageRules';

import { Sandbox, SandboxOptions } from './Sandbox';

export function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
	return Sandbox.start(options);
}
