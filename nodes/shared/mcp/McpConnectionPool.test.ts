// Pool behaviour with real servers is in test/integration/mcp-pool.test.ts; this is its configuration.
import { McpConnectionPool, poolOptionsFromEnv } from './McpConnectionPool';

test('pool limits come from the environment', () => {
	expect(poolOptionsFromEnv({ MCP_CLIENT_POOL_MAX_SIZE: '4', MCP_CLIENT_POOL_IDLE_TTL_MS: '60000' })).toEqual({ maxSize: 4, idleTtlMs: 60000 });
});

test('missing or invalid limits keep the defaults', () => {
	expect(new McpConnectionPool(poolOptionsFromEnv({ MCP_CLIENT_POOL_MAX_SIZE: '0', MCP_CLIENT_POOL_IDLE_TTL_MS: 'soon' })).options).toEqual({
		maxSize: 20,
		idleTtlMs: 300_000,
	});
});
