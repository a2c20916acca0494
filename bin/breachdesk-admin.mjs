#!/usr/bin/env node
// The `breachdesk-admin` command (package.json bin): runs the TypeScript CLI through tsx, as `npm run admin` does.
import { register } from 'tsx/esm/api';

register();
await import('../scripts/admin-cli.ts');
