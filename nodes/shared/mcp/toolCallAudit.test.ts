import { auditLinesWritten, auditToolCall, maskCustomerKey, type ToolCallAuditEntry } from './toolCallAudit';

const entry = (tool: string, extra: Partial<ToolCallAuditEntry> = {}): ToolCallAuditEntry => ({
	tool,
	server: 'command "node"',
	outcome: 'ok',
	durationMs: 3,
	...extra,
});

test('lines are written after the caller moves on, in the order of the calls', async () => {
	const lines: string[] = [];
	const logger = { info: (message: string) => lines.push(message) };
	auditToolCall(logger, entry('first'));
	auditToolCall(logger, entry('second', { outcome: 'toolError', userId: '15551234567' }));
	expect(lines).toEqual([]);
	await auditLinesWritten();
	expect(lines).toEqual([
		'MCP tool call tool=first outcome=ok durationMs=3 server=command "node"',
		'MCP tool call tool=second outcome=toolError durationMs=3 server=command "node" user=***4567',
	]);
});

test('argument values appear only when given, and the metadata carries the same fields', async () => {
	const calls: Array<{ message: string; meta?: Record<string, unknown> }> = [];
	const logger = { info: (message: string, meta?: Record<string, unknown>) => calls.push({ message, meta }) };
	auditToolCall(logger, entry('plain'));
	auditToolCall(logger, entry('shown', { arguments: { orderId: 'ORD-1' } }));
	await auditLinesWritten();
	expect(calls[0].meta).toEqual({ tool: 'plain', server: 'command "node"', outcome: 'ok', durationMs: 3 });
	expect(calls[1].message).toContain('arguments={"orderId":"ORD-1"}');
	expect(calls[1].meta?.arguments).toEqual({ orderId: 'ORD-1' });
});

test('a logger that throws loses its own line only', async () => {
	const lines: string[] = [];
	auditToolCall(
		{
			info: () => {
				throw new Error('disk full');
			},
		},
		entry('lost'),
	);
	auditToolCall({ info: (message: string) => lines.push(message) }, entry('kept'));
	await auditLinesWritten();
	expect(lines).toEqual(['MCP tool call tool=kept outcome=ok durationMs=3 server=command "node"']);
});

test('without a logger nothing is queued', async () => {
	auditToolCall(undefined, entry('nobody'));
	await expect(auditLinesWritten()).resolves.toBeUndefined();
});

test("the customer's phone number or BSUID is logged masked to its last four characters, in the line and the metadata", async () => {
	const calls: Array<{ message: string; meta?: Record<string, unknown> }> = [];
	auditToolCall(
		{ info: (message: string, meta?: Record<string, unknown>) => calls.push({ message, meta }) },
		entry('lookup', { userId: 'US.10000000000000000001' }),
	);
	await auditLinesWritten();
	expect(calls[0].message).toContain('user=***0001');
	expect(JSON.stringify(calls[0])).not.toContain('10000000000000000001');
	expect(calls[0].meta?.userId).toBe('***0001');
	expect(maskCustomerKey('1234')).toBe('***');
});
