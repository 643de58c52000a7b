#!/usr/bin/env node
// Starts the Vigil server (what `npm start` runs). Sources are TypeScript, compiled by tsx.
import { register } from 'tsx/esm/api';

register();
const { start } = await import('../src/main.ts');
await start();
