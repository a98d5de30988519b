import type { ItemShape } from '../../shared/whatsapp/normalizeWebhook';

/**
 * Version 1.2 gives the items of Meta's 2026 Cloud API (business-scoped user IDs, usernames,
 * sessions keyed on them, pricing, and an item for every change field); versions 1 and 1.1 keep
 * giving exactly the items they always gave, so that saved workflows see no change.
 */
export const CLOUD_API_2026_VERSION = 1.2;

export const itemShapeFor = (version: number): ItemShape => (version >= CLOUD_API_2026_VERSION ? '2026' : 'v1');

/** displayOptions for parameters of versions 1 and 1.1 only, and of 1.2 and later. */
export const beforeCloudApi2026 = { '@version': [{ _cnd: { lt: CLOUD_API_2026_VERSION } }] };
export const fromCloudApi2026 = { '@version': [{ _cnd: { gte: CLOUD_API_2026_VERSION } }] };
