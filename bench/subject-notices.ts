import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { getStoreReadonly } from 'aws-ses-v2-local/dist/store';
import { DynamoBreachRepository } from '../functions/adapters/breach-repository';
import { SesBulkMailer } from '../functions/adapters/bulk-mailer';
import { DynamoOrganisationRepository } from '../functions/adapters/organisation-repository';
import { DynamoSubjectRepository } from '../functions/adapters/subject-repository';
import { makeHandler as makeAddSubjects } from '../functions/add-subjects/make-handler';
import { makeHandler as makeSendNotices } from '../functions/send-subject-notices/make-handler';
import { startLocalDynamo } from '../local/dynamodb';
import { startLocalSes } from '../local/ses';
import { anOrganisationWithPolicy, seedSubjectsBreach, tellByEmail } from '../test/support/subject-breach';
import { apiEvent, lambdaContext } from '../test/unit/http/api-event';

/**
 * `npm run bench:notices`: notify 1,000, 10,000 and 100,000 people through the local pipeline — the CSV upload
 * handler, then the SendSubjectNotices task run in a loop as the state machine runs it (a Lambda-like time budget per
 * run), on dynalite (LevelDB on disk) and the SES emulator's SendBulkEmail with the real template. Prints throughput
 * against the configured send rate (target ≥ 95 %), peak RSS (target: flat across sizes) and duplicates (must be 0).
 *
 *   npm run bench:notices -- --sizes 1000,10000 --rate 500 --budget 60
 *
 * The emulator keeps every mail in memory; the bench counts each one's recipient and drops it every 200 ms, so the
 * RSS measured is the pipeline's, not the emulator's inbox.
 */

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '1000,10000,100000' },
    rate: { type: 'string', default: '500' },
    budget: { type: 'string', default: '60' },
  },
});
const sizes = (values.sizes ?? '').split(',').map(Number);
const rate = Number(values.rate);
const budgetMs = Number(values.budget) * 1000;
const CSV_ROWS_PER_UPLOAD = 20_000;

const dataDir = mkdtempSync(join(tmpdir(), 'breachdesk-bench-notices-'));
const table = await startLocalDynamo({ path: join(dataDir, 'db'), tableName: 'bench-notices' });
const ses = await startLocalSes();
const options = { client: table.client, tableName: table.tableName };
const breaches = new DynamoBreachRepository(options);
const organisations = new DynamoOrganisationRepository(options);
const subjects = new DynamoSubjectRepository(options);
const organisation = anOrganisationWithPolicy('org-bench', 'social-care');
await organisations.put(organisation);
const silent = { error: () => undefined };
const addSubjects = makeAddSubjects({ breaches, subjects, logger: silent });
/** When the first SendBulkEmail of a size began and the last one ended: the paced part of the run. */
const calls = { first: 0, last: 0 };
const sesMailer = new SesBulkMailer({
  client: new SESv2Client({
    endpoint: ses.endpoint,
    region: 'eu-west-2',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  }),
  fromAddress: 'dpo@bench.example.org',
});
const sendNotices = makeSendNotices({
  breaches,
  organisations,
  subjects,
  mailer: {
    maxDestinations: sesMailer.maxDestinations,
    sendRate: () => sesMailer.sendRate(),
    sendBulk: async (...args: Parameters<typeof sesMailer.sendBulk>) => {
      if (calls.first === 0) calls.first = performance.now();
      const outcomes = await sesMailer.sendBulk(...args);
      calls.last = performance.now();
      return outcomes;
    },
  },
  now: () => new Date(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms))),
  newClaimToken: randomUUID,
  rateOverride: rate,
});

/** Mails per address, counted as they arrive and then dropped from the emulator's memory. */
const received = new Map<string, number>();
const drainInbox = () => {
  const emails = getStoreReadonly().emails;
  for (const email of emails.splice(0, emails.length)) {
    for (const to of email.destination.to) received.set(to, (received.get(to) ?? 0) + 1);
  }
};
let peakRss = 0;
let peakHeap = 0;
const sampler = setInterval(() => {
  drainInbox();
  const memory = process.memoryUsage();
  peakRss = Math.max(peakRss, memory.rss);
  peakHeap = Math.max(peakHeap, memory.heapUsed);
}, 200);

const mib = (bytes: number) => (bytes / 1024 / 1024).toFixed(0);
const rows: Record<string, string | number>[] = [];

for (const [index, size] of sizes.entries()) {
  const breachId = `BR-BNCH-0000-0000-${String(index + 1).padStart(4, '0')}`;
  await seedSubjectsBreach(breaches, { organisation, breachId, notifySubjects: tellByEmail });
  received.clear();
  peakRss = process.memoryUsage().rss;
  peakHeap = process.memoryUsage().heapUsed;

  const uploadStart = performance.now();
  for (let from = 0; from < size; from += CSV_ROWS_PER_UPLOAD) {
    const lines = ['name,email,representative_name,representative_email,representative_relationship'];
    for (let i = from; i < Math.min(size, from + CSV_ROWS_PER_UPLOAD); i += 1) {
      lines.push(
        i % 20 === 0
          ? `Resident ${i},,Kin ${i},kin${i}.${index}@bench.example.org,next-of-kin`
          : `Person ${i},person${i}.${index}@bench.example.org,,,`,
      );
    }
    const response = await addSubjects(
      apiEvent({
        method: 'POST',
        path: `/breaches/${breachId}/subjects`,
        pathParameters: { id: breachId },
        headers: { 'Content-Type': 'text/csv' },
        body: lines.join('\n'),
        organisationId: organisation.id,
      }) as never,
      lambdaContext(),
    );
    if (response.statusCode !== 200) throw new Error(`upload answered ${response.statusCode}: ${response.body}`);
  }
  const uploadMs = performance.now() - uploadStart;

  calls.first = 0;
  const sendStart = performance.now();
  let runs = 0;
  let sent = 0;
  for (;;) {
    runs += 1;
    const result = await sendNotices({ breachId }, { getRemainingTimeInMillis: () => budgetMs });
    sent += result.sent;
    if (result.remaining === 0) break;
  }
  const sendMs = performance.now() - sendStart;
  drainInbox();
  const duplicates = [...received.values()].reduce((sum, n) => sum + (n - 1), 0);
  // Paced span: first call to last call, plus the last call's own share of a second (it may not start before then).
  const pacedSeconds = (calls.last - calls.first) / 1000 + 50 / rate;
  const throughput = sent / pacedSeconds;
  rows.push({
    people: size,
    'upload rows/s': Math.round(size / (uploadMs / 1000)),
    'task runs': runs,
    sent,
    'task s (end to end)': (sendMs / 1000).toFixed(1),
    'mails/s': throughput.toFixed(1),
    'rate /s': rate,
    'of rate': `${((throughput / rate) * 100).toFixed(1)} %`,
    'peak RSS MiB': mib(peakRss),
    'peak heap MiB': mib(peakHeap),
    duplicates,
    missed: size - received.size,
  });
  console.log(`done: ${size} people`);
}

clearInterval(sampler);
console.log(
  `\nSubject notices through the local pipeline (dynalite on disk, aws-ses-v2-local SendBulkEmail, ${rate}/s configured,` +
    ` ${budgetMs / 1000} s per task run; targets: ≥ 95 % of the rate, flat RSS, 0 duplicates)`,
);
console.table(rows);
await Promise.all([ses.close(), table.close()]);
rmSync(dataDir, { recursive: true, force: true });
