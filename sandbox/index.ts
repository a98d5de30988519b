/**
 * Cloud API sandbox: a local WhatsApp Business Cloud API (CLOUD-API.md) with a phone simulator.
 *
 * Library API (stable; used by the integration and engine tests and by the demo):
 *
 *   const sandbox = await startSandbox({ port: 0, callbackUrl: 'http://127.0.0.1:5678/webhook/x' });
 *
 * Options (all optional): port (0 = free port), host ('127.0.0.1'), accessToken, appSecret,
 *   verifyToken, phoneNumberId, wabaId, appId, apiVersion ('v23.0'), oldestApiVersion ('v19.0'),
 *   displayPhoneNumber, verifiedName, callbackUrl (subscribe directly after the GET verify
 *   handshake, skipping the subscriptions API), throughputPerSecond (80), retryBackoffMs
 *   ([1000, 2000, 5000, 15000, 60000]; the last repeats), maxDeliveryAttempts (0 = forever),
 *   webhookTimeoutMs (10000), statusDelaysMs ([150, 400, 900] for sent/delivered/read),
 *   autoRead (true), templates (default: a few approved en_US templates, see templates.ts),
 *   wabaSubscribedToApp (true: the app subscription alone routes webhooks, as after dashboard setup),
 *   pairRateLimit ({ messages, perMs }, off by default: error 131056), numbersNotOnWhatsApp
 *   (sends to them are accepted, then fail with status error 131026).
 *
 * The Sandbox:
 *   baseUrl          http://127.0.0.1:PORT — the credential's baseUrl (Graph paths: /{version}/...)
 *   apiVersion       'v23.0'
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
 *   deliverWebhook(body) → { webhookId, delivery }   sign and post a crafted body as is
 *   createCustomer(waId, name), customers()
 *   messagesTo(waId)        OutboundMessage[]: what the business sent (request body, id, status)
 *   conversation(waId)      both directions
 *   waitForMessagesTo(waId, count?, timeoutMs?)
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
export type { SandboxOptions, SandboxCredentials, CustomerAction, FaultSpec, RequestRecord, SandboxEvent } from './Sandbox';
export type { ChatEntry, OutboundMessage, InboundMessage, Customer } from './conversations';
export type { WebhookRecord, DeliveryOutcome, WebhookAttempt } from './webhooks/webhookDelivery';
export type { MessageTemplate } from './templates';
export { serializeLikeMeta, signatureHeader } from './webhooks/webhookBodies';
export { LIMITS } from './validation/messageRules';

import { Sandbox, SandboxOptions } from './Sandbox';

export function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
	return Sandbox.start(options);
}
