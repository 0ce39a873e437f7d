#!/usr/bin/env node
// The `loa` command: loads TypeScript through tsx, then hands over to scripts/cli.ts.
import { register } from 'tsx/esm/api';

register();
await import('./cli.ts');
