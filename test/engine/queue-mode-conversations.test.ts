// The three sample workflows' conversations on n8n in queue mode: main, two webhook processes behind
// a load balancer, two workers running the MCP Client against the demo shop, Postgres and Redis;
// the triggers' duplicate memory and the replies' send rate shared through Redis, as README says.
import { startDemoStack } from './workflowKit/demoStack';
import { describeSampleConversations } from './workflowKit/sampleConversations';

jest.setTimeout(120_000);

describeSampleConversations('the sample workflows on n8n in queue mode, chatting through the sandbox with the demo shop behind them', () =>
	startDemoStack({ queueMode: true }),
);
