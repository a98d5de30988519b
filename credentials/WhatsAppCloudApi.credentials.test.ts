import { NodeHelpers } from 'n8n-workflow';

import { WHATSAPP_CREDENTIAL_TYPE } from '../nodes/shared/whatsapp/cloudApiCredential';
import { WhatsAppCloudApi } from './WhatsAppCloudApi.credentials';

const properties = new WhatsAppCloudApi().properties;
const property = (name: string) => properties.find((p) => p.name === name)!;

describe('WhatsApp Cloud API credential', () => {
	it('is registered under the type name the nodes ask n8n for', () => {
		expect(new WhatsAppCloudApi().name).toBe(WHATSAPP_CREDENTIAL_TYPE);
	});

	it('calls Graph API v25.0 by default', () => {
		expect(property('apiVersion').default).toBe('v25.0');
	});

	it('keeps the version a saved credential has: only a missing one takes the default', () => {
		expect(NodeHelpers.getNodeParameters(properties, { accessToken: 't', apiVersion: 'v23.0' }, true, false, null, null)?.apiVersion).toBe('v23.0');
		expect(NodeHelpers.getNodeParameters(properties, { accessToken: 't' }, true, false, null, null)?.apiVersion).toBe('v25.0');
	});

	const noticeShown = (apiVersion: string) => NodeHelpers.displayParameter({ apiVersion }, property('apiVersionNotice'), null, null);

	it.each(['v21.0', 'v20.0', 'v13.0', 'v9.0', '21', ' v21.0 '])('warns below v22.0: %p', (apiVersion) => {
		expect(noticeShown(apiVersion)).toBe(true);
	});

	it.each(['v22.0', 'v23.0', 'v25.0', 'v27.0', 'v100.0', '', 'latest'])('does not warn about %p', (apiVersion) => {
		expect(noticeShown(apiVersion)).toBe(false);
	});
});
