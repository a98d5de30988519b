// Runs the Cloud API sandbox in a process of its own, as Meta is to a real n8n: rate-limit
// measurements then do not share an event loop with the client. Prints its credentials as one
// JSON line on stdout. Options: a JSON object of SandboxOptions as the first argument.
import { startSandbox } from '../../sandbox';

async function main() {
	const sandbox = await startSandbox(JSON.parse(process.argv[2] ?? '{}'));
	process.stdout.write(`${JSON.stringify(sandbox.credentials)}\n`);
	process.on('SIGTERM', () => void sandbox.stop().then(() => process.exit(0)));
}

void main();
