#!/usr/bin/env node
// server-everything over stdio, started through a launcher that appends its pid to a file first,
// so a bench can count how many servers a workflow started. Usage: mcp-counting-server.mjs <countFile>
import { appendFileSync } from 'fs';

const countFile = process.argv[2];
if (countFile) appendFileSync(countFile, `${process.pid}\n`);
// server-everything reads its transport from argv[2].
process.argv.splice(2, 1, 'stdio');
await import(new URL('../node_modules/@modelcontextprotocol/server-everything/dist/index.js', import.meta.url).href);
