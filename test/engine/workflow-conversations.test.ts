// The three sample workflows as `npm run demo` runs them: one real n8n with the package installed,
// the demo shop's MCP server (fresh, in memory) and one sandbox WhatsApp number per workflow, wired
// by demo/demoSetup.ts. The conversations themselves are in workflowKit/sampleConversations.ts.
import { startDemoStack } from './workflowKit/demoStack';
import { describeSampleConversations } from './workflowKit/sampleConversations';

jest.setTimeout(120_000);

describeSampleConversations('the sample workflows in a real n8n, chatting through the sandbox with the demo shop behind them', () => startDemoStack());
