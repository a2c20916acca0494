import { runAdmin } from './admin';

// `npm run admin -- …` and the breachdesk-admin bin: scripts/admin.ts with the console.
process.exitCode = await runAdmin(process.argv.slice(2), {
  out: (text) => console.log(text),
  err: (text) => console.error(text),
});
