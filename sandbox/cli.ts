import { startSandbox } from './index';

// `npm run sandbox [-- --port 3900] [--callback URL]`: runs the sandbox until Ctrl-C.

function argument(name: string): string | undefined {
	const args = process.argv.slice(2);
	const i = args.indexOf(`--${name}`);
	if (i >= 0) return args[i + 1];
	return args
		.find((a) => a.startsWith(`--${name}=`))
		?.split('=')
		.slice(1)
		.join('=');
}

async function main() {
	const port = Number(argument('port') ?? process.env.PORT ?? 3900);
	const sandbox = await startSandbox({ port, callbackUrl: argument('callback') ?? process.env.SANDBOX_CALLBACK_URL });
	const c = sandbox.credentials;
	console.log(`WhatsApp Cloud API sandbox is running.

  Graph API base URL: ${sandbox.baseUrl}/${sandbox.apiVersion}/
  Phone page:         ${sandbox.pageUrl}
  Controls:           ${sandbox.baseUrl}/_sandbox/state

Credential "WhatsApp + MCP: WhatsApp Cloud API" for n8n:
  Access Token:                 ${c.accessToken}
  Phone Number ID:              ${c.phoneNumberId}
  WhatsApp Business Account ID: ${c.businessAccountId}
  App ID:                       ${c.appId}
  App Secret:                   ${c.appSecret}
  Webhook Verify Token:         ${c.verifyToken}
  Graph API Base URL:           ${c.baseUrl}
  Graph API Version:            ${c.apiVersion}

Webhooks go to the callback subscribed through POST /${c.apiVersion}/${c.appId}/subscriptions
(app token "${c.appId}|${c.appSecret}") or with --callback <url>.${sandbox.callbackUrl() ? `\nSubscribed: ${sandbox.callbackUrl()}` : ''}
Press Ctrl-C to stop.`);
	let stopping = false;
	const stop = async () => {
		if (stopping) return;
		stopping = true;
		await sandbox.stop();
		console.log('Sandbox stopped.');
		process.exit(0);
	};
	process.on('SIGINT', () => void stop());
	process.on('SIGTERM', () => void stop());
}

main().catch((error) => {
	console.error(`The sandbox could not start: ${error.message}`);
	process.exit(1);
});
