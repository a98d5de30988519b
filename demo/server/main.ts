// The demo shop's MCP server from the command line:
//   tsx demo/server/main.ts --transport stdio|http [--port 3333] [--db file | --data-dir dir] [--reset]
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

import { IN_MEMORY_DB } from './shopDatabase';
import { startDemoServer } from './startDemoServer';
import { errorMessage } from '../../nodes/shared/caughtError';

export const DEFAULT_HTTP_PORT = 3333;
export const DB_FILE_NAME = 'demo-shop.sqlite';
/** Inside the repository's git-ignored .tmp folder, wherever the command is run from. */
const DEFAULT_DATA_DIR = resolve(__dirname, '..', '..', '.tmp', 'demo-shop');

const USAGE = `Demo shop MCP server (Harbor Home Goods)

Usage: tsx demo/server/main.ts [options]
  --transport stdio|http  stdio, or Streamable HTTP (+ legacy SSE) on 127.0.0.1 (default: http)
  --port N                HTTP port, 0 for any free one (default: $DEMO_SHOP_PORT or ${DEFAULT_HTTP_PORT})
  --db FILE               SQLite file, created and seeded if missing; ":memory:" for none
                          (default: $DEMO_SHOP_DB, else <data dir>/${DB_FILE_NAME})
  --data-dir DIR          folder for the database (default: $DEMO_SHOP_DATA_DIR or .tmp/demo-shop)
  --reset                 re-create the database from the seed
  --help                  this text`;

function fail(message: string): never {
	process.stderr.write(`${message}\n\n${USAGE}\n`);
	process.exit(2);
}

async function main(): Promise<void> {
	let values;
	try {
		({ values } = parseArgs({
			options: {
				transport: { type: 'string', default: 'http' },
				port: { type: 'string' },
				db: { type: 'string' },
				'data-dir': { type: 'string' },
				reset: { type: 'boolean', default: false },
				help: { type: 'boolean', default: false },
			},
			strict: true,
		}));
	} catch (error) {
		fail(errorMessage(error));
	}
	if (values.help) {
		process.stdout.write(`${USAGE}\n`);
		return;
	}
	const transport = values.transport;
	if (transport !== 'stdio' && transport !== 'http') fail(`--transport must be stdio or http, not "${transport}".`);
	const portText = values.port ?? process.env.DEMO_SHOP_PORT ?? String(DEFAULT_HTTP_PORT);
	const port = Number(portText);
	if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`--port must be a number from 0 to 65535, not "${portText}".`);
	const dataDir = values['data-dir'] ?? process.env.DEMO_SHOP_DATA_DIR ?? DEFAULT_DATA_DIR;
	const db = values.db ?? process.env.DEMO_SHOP_DB ?? join(dataDir, DB_FILE_NAME);

	const running = await startDemoServer({
		transport,
		port,
		dbPath: db === IN_MEMORY_DB ? db : resolve(db),
		resetDb: values.reset,
	});

	let stopping = false;
	const stop = async () => {
		if (stopping) return;
		stopping = true;
		await running.close();
		process.exit(0);
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
	// A stdio server lives as long as its client keeps stdin open.
	if (transport === 'stdio') process.stdin.on('end', stop);
}

main().catch((error: Error) => {
	process.stderr.write(`demo shop server failed to start: ${error.message}\n`);
	process.exit(1);
});
