import { fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { DynamoBreachRepository } from '../functions/adapters/breach-repository';
import { SesBulkMailer } from '../functions/adapters/bulk-mailer';
import { createDocumentClient } from '../functions/adapters/dynamodb-client';
import { DynamoNoticeQueue } from '../functions/adapters/notice-queue';
import { DynamoOrganisationRepository } from '../functions/adapters/organisation-repository';
import { SUBJECT_SHARDS } from '../functions/adapters/subject-items';
import { DynamoSubjectList } from '../functions/adapters/subject-list';
import { makeHandler as makeAddSubjects } from '../functions/add-subjects/make-handler';
import { makeHandler as makeSendNotices } from '../functions/send-subject-notices/make-handler';
import {
  anOrganisationWithPolicy,
  decideNotifySubjects,
  seedSubjectsBreach,
  tellByEmail,
} from '../test/support/subject-breach';
import { apiEvent, lambdaContext } from '../test/unit/http/api-event';

/**
 * `npm run bench:notices`: notify 1,000, 10,000 and 100,000 people through the local pipeline — the CSV upload
 * handler, then the SendSubjectNotices task run in a loop as the state machine runs it (a Lambda-like time budget per
 * run), on dynalite (LevelDB on disk) and the SES emulator's SendBulkEmail with the real template. Prints throughput
 * against the configured send rate (target ≥ 95 %), peak RSS (target: flat across sizes) and duplicates (must be 0).
 *
 *   npm run bench:notices -- --sizes 1000,10000 --rate 200 --budget 60
 *
 * The default rate, 200/s, is a large SES production quota (a new account gets 14/s). On a 2-CPU machine the pipeline
 * and the emulators share the two CPUs: at 500/s both are saturated and the figure measures the machine, not the
 * pacing (about 70-90 % of 500/s there).
 *
 * The emulators stand for AWS services and run in a process of their own (bench/notice-emulators.ts): the pipeline's
 * RSS (this process: our handlers, the SDK clients) is measured apart from theirs (dynalite's LevelDB store, which
 * grows with the people stored, as DynamoDB would, and the SES emulator, which counts and drops mails as they come).
 */

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '1000,10000,100000' },
    rate: { type: 'string', default: '200' },
    budget: { type: 'string', default: '60' },
  },
});
const sizes = (values.sizes ?? '').split(',').map(Number);
const rate = Number(values.rate);
const budgetMs = Number(values.budget) * 1000;
const CSV_ROWS_PER_UPLOAD = 20_000;

const dataDir = mkdtempSync(join(tmpdir(), 'breachdesk-bench-notices-'));
interface Ready {
  kind: 'ready';
  dynamoEndpoint: string;
  sesEndpoint: string;
  tableName: string;
  subjectsTableName: string;
}
interface Tally {
  kind: 'tally';
  recipients: number;
  mails: number;
  duplicates: number;
}
const emulators = fork(new URL('./notice-emulators.ts', import.meta.url).pathname, [join(dataDir, 'db')], {
  execArgv: ['--import', 'tsx'],
  stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
});
const nextMessage = <T extends { kind: string }>(kind: T['kind']): Promise<T> =>
  new Promise((resolve, reject) => {
    const onMessage = (message: T) => {
      if (message.kind !== kind) return;
      emulators.off('message', onMessage);
      emulators.off('exit', onExit);
      resolve(message);
    };
    const onExit = (code: number | null) => reject(new Error(`the emulators' process exited (${code})`));
    emulators.on('message', onMessage);
    emulators.once('exit', onExit);
  });
/**
 * Interrupted or orphaned, the benchmark stops its emulators' process and removes its data before it goes: nothing
 * of a killed run keeps running or fills the disk. (The emulators also stop by themselves when this process dies
 * without a word, see bench/notice-emulators.ts.)
 */
const stop = (code: number) => {
  emulators.kill('SIGTERM');
  rmSync(dataDir, { recursive: true, force: true });
  process.exit(code);
};
process.once('SIGINT', () => stop(130));
process.once('SIGTERM', () => stop(143));
if (process.channel) {
  // Started by bench/run.ts: stop with it.
  process.once('disconnect', () => stop(1));
  process.channel.unref();
}
const ready = await nextMessage<Ready>('ready');
const tally = async (): Promise<Tally> => {
  const answer = nextMessage<Tally>('tally');
  emulators.send({ kind: 'tally' });
  return answer;
};
const local = { region: 'eu-west-2', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } };
const options = {
  client: createDocumentClient({ ...local, endpoint: ready.dynamoEndpoint }),
  tableName: ready.tableName,
};
const breaches = new DynamoBreachRepository(options);
const organisations = new DynamoOrganisationRepository(options);
const subjectTable = { ...options, tableName: ready.subjectsTableName };
/** As the functions do: the upload adds to the list, the fan-out works through the queue. */
const subjects = new DynamoSubjectList(subjectTable);
const queue = new DynamoNoticeQueue(subjectTable);
/**
 * Writes per partition of the subjects table while sending (claims, sent marks): the spread the sharding gives one
 * breach's fan-out, since DynamoDB takes about 1,000 writes a second per partition.
 */
const writesPerPartition = new Map<string, number>();
options.client.middlewareStack.add(
  (next, context) => async (args) => {
    const input = args.input as { TableName?: string; Key?: Record<string, unknown> };
    const pk = input.Key?.PK;
    const partition = typeof pk === 'string' ? pk : (pk as { S?: string } | undefined)?.S;
    if (context.commandName === 'UpdateCommand' || context.commandName === 'UpdateItemCommand') {
      if (input.TableName === ready.subjectsTableName && partition !== undefined) {
        writesPerPartition.set(partition, (writesPerPartition.get(partition) ?? 0) + 1);
      }
    }
    return next(args);
  },
  { step: 'initialize', name: 'benchPartitionWrites' },
);
const spreadOf = (counts: readonly number[]) => {
  const total = counts.reduce((a, b) => a + b, 0);
  const busiest = Math.max(...counts);
  return `${Math.min(...counts)}–${busiest} (busiest ${((busiest / total) * 100).toFixed(1)} % of ${total}; even: ${(100 / SUBJECT_SHARDS).toFixed(1)} %)`;
};
const organisation = anOrganisationWithPolicy('org-bench', 'social-care');
await organisations.put(organisation);
// Failures only, with their error classes: the bench's output should say why a run failed.
const silent = { error: (message: string, attributes: Record<string, unknown>) => console.error(message, attributes) };
const addSubjects = makeAddSubjects({ breaches, subjects, logger: silent });
/** When the first SendBulkEmail of a size began and the last one ended: the paced part of the run. */
const calls = { first: 0, last: 0 };
const sesMailer = new SesBulkMailer({
  client: new SESv2Client({
    ...local,
    endpoint: ready.sesEndpoint,
    maxAttempts: 1,
  }),
  fromAddress: 'dpo@bench.example.org',
});
const sendNotices = makeSendNotices({
  breaches,
  organisations,
  subjects: queue,
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

/** Resident set of a process from Linux's /proc (the emulators' process); undefined elsewhere. */
const rssOf = (pid: number | undefined): number | undefined => {
  try {
    const kib = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kib === undefined ? undefined : Number(kib) * 1024;
  } catch {
    return undefined;
  }
};
const peaks = { rss: 0, emulatorsRss: 0, retainedHeap: 0 };
/**
 * What the pipeline still holds after a full collection, sampled between task runs: the figure that shows a leak
 * (peak heap also counts garbage V8 has not collected yet). Needs `node --expose-gc`, as the npm scripts run it.
 */
const gc = (globalThis as { gc?: () => void }).gc;
const sampleRetained = () => {
  if (!gc) return;
  gc();
  peaks.retainedHeap = Math.max(peaks.retainedHeap, process.memoryUsage().heapUsed);
};
const resetPeaks = () => {
  peaks.retainedHeap = 0;
  peaks.rss = process.memoryUsage().rss;
  peaks.emulatorsRss = rssOf(emulators.pid) ?? 0;
};
const sampler = setInterval(() => {
  const memory = process.memoryUsage();
  peaks.rss = Math.max(peaks.rss, memory.rss);
  peaks.emulatorsRss = Math.max(peaks.emulatorsRss, rssOf(emulators.pid) ?? 0);
}, 200);

const mib = (bytes: number) => (bytes / 1024 / 1024).toFixed(0);
const rows: Record<string, string | number>[] = [];

for (const [index, size] of sizes.entries()) {
  const breachId = `BR-BNCH-0000-0000-${String(index + 1).padStart(4, '0')}`;
  // The people are listed first: once how they are told is decided, the list takes nobody more.
  await seedSubjectsBreach(breaches, { organisation, breachId });
  await tally();
  resetPeaks();

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
  await decideNotifySubjects(breaches, breachId, tellByEmail);
  const peoplePerShard = await subjects.spread(breachId);
  writesPerPartition.clear();
  const uploadRss = peaks.rss;
  resetPeaks();

  calls.first = 0;
  const sendStart = performance.now();
  let runs = 0;
  let sent = 0;
  for (;;) {
    runs += 1;
    const result = await sendNotices({ breachId }, { getRemainingTimeInMillis: () => budgetMs });
    sent += result.sent;
    sampleRetained();
    if (result.remaining === 0) break;
  }
  const sendMs = performance.now() - sendStart;
  const { recipients, duplicates } = await tally();
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
    'pipeline peak RSS MiB, upload': mib(uploadRss),
    'pipeline peak RSS MiB, sending': mib(peaks.rss),
    'pipeline heap after GC MiB': gc ? mib(peaks.retainedHeap) : 'n/a (run with --expose-gc)',
    'emulators peak RSS MiB': mib(peaks.emulatorsRss),
    duplicates,
    missed: size - recipients,
    [`people per shard (${SUBJECT_SHARDS})`]: spreadOf(peoplePerShard),
    'writes per partition, sending': spreadOf([...writesPerPartition.values()]),
  });
  console.log(`done: ${size} people`);
}

clearInterval(sampler);
console.log(
  `\nSubject notices through the local pipeline (dynalite on disk, aws-ses-v2-local SendBulkEmail, ${rate}/s configured,` +
    ` ${budgetMs / 1000} s per task run; targets: ≥ 95 % of the rate, flat pipeline RSS, 0 duplicates;` +
    ' the emulators run in their own process and stand for DynamoDB and SES)',
);
console.table(rows);
options.client.destroy();
emulators.send({ kind: 'stop' });
await new Promise((resolve) => emulators.once('exit', resolve));
rmSync(dataDir, { recursive: true, force: true });
