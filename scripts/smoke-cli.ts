import { runSmoke } from './smoke';

// `npm run smoke -- …`: scripts/smoke.ts with the console.
process.exitCode = await runSmoke(process.argv.slice(2), {
  out: (text) => console.log(text),
  err: (text) => console.error(text),
});
