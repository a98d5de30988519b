import { randomBytes } from 'node:crypto';

// Identifiers shaped like Meta's: message ids are `wamid.` + base64, object ids are long decimals.

export const newMessageId = () => `wamid.${randomBytes(30).toString('base64').replace(/[+/=]/g, '').slice(0, 40)}`;

export const newObjectId = () => `${1 + Math.floor(Math.random() * 9)}${Array.from(randomBytes(14), (b) => b % 10).join('')}`;

export const newConversationId = () => randomBytes(16).toString('hex');

export const digitsOnly = (phone: string) => phone.replace(/\D/g, '');
