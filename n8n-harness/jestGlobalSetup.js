// Jest's global set-up for the engine tests: install the pinned n8n runtime before any test
// starts, outside the hooks' time limits (a first install takes minutes). Later runs: a hash check.
const { ensureRuntime } = require('./ensureRuntime.js');

module.exports = async () => {
	await ensureRuntime();
};
