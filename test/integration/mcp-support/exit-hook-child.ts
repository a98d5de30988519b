// Opens a pooled stdio connection to a server started through a shell, then exits the process
// without closing anything: the pool's exit hook must end the server's whole process tree.
import { sharedMcpPool } from '../../../nodes/shared/mcp/McpConnectionPool';
import { McpOperations } from '../../../nodes/shared/mcp/McpOperations';
import { EVERYTHING_BIN } from './servers';

const marker = process.argv[2];
const helper = `"${process.execPath}" -e "setInterval(() => {}, 1000)" ${marker}-helper`;
const script = `${helper} & "${process.execPath}" "${EVERYTHING_BIN}" stdio ${marker}-server; echo done`;

void (async () => {
	await new McpOperations(sharedMcpPool(), { transport: 'stdio', command: 'sh', args: ['-c', script] }).ping();
	process.stdout.write('connected\n');
	process.exit(0);
})();
