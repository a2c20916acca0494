import { getStoreReadonly } from 'aws-ses-v2-local/dist/store';
import { startLocalDynamo } from '../local/dynamodb';
import { startLocalSes } from '../local/ses';

/**
 * The emulators of the notices benchmark, in a process of their own (forked by bench/subject-notices.ts): dynalite
 * with its LevelDB store and the SES emulator stand for AWS services, so their memory is not the pipeline's. Keeping
 * them out of the pipeline's process lets the benchmark measure each side's RSS on its own.
 *
 * Protocol (IPC): sends `{ kind: 'ready', dynamoEndpoint, sesEndpoint, tableName, subjectsTableName }` once started; answers
 * `{ kind: 'tally' }` with `{ kind: 'tally', recipients, mails, duplicates }` for the mails received since the last
 * tally; stops on `{ kind: 'stop' }`.
 *
 * The emulator keeps every mail in memory: they are counted per recipient and dropped every 200 ms.
 */

const dataPath = process.argv[2];
if (!dataPath || !process.send) throw new Error('usage: forked with IPC by bench/subject-notices.ts <data path>');
const send = process.send.bind(process);
// The benchmark's process is gone (killed, crashed, interrupted): nobody will ask for a tally or say stop.
process.once('disconnect', () => process.exit(0));

const table = await startLocalDynamo({ path: dataPath, tableName: 'bench-notices' });
const ses = await startLocalSes();

const received = new Map<string, number>();
let mails = 0;
const drain = () => {
  const emails = getStoreReadonly().emails;
  for (const email of emails.splice(0, emails.length)) {
    mails += 1;
    for (const to of email.destination.to) received.set(to, (received.get(to) ?? 0) + 1);
  }
};
const drainer = setInterval(drain, 200);

process.on('message', async (message: { kind: string }) => {
  if (message.kind === 'tally') {
    drain();
    const duplicates = [...received.values()].reduce((sum, n) => sum + (n - 1), 0);
    send({ kind: 'tally', recipients: received.size, mails, duplicates });
    received.clear();
    mails = 0;
  } else if (message.kind === 'stop') {
    clearInterval(drainer);
    await Promise.all([ses.close(), table.close()]);
    process.removeAllListeners('disconnect');
    process.disconnect();
  }
});

send({
  kind: 'ready',
  dynamoEndpoint: table.endpoint,
  sesEndpoint: ses.endpoint,
  tableName: table.tableName,
  subjectsTableName: table.subjectsTableName,
});
