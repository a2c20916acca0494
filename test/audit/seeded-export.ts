import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { type ExportResult, writeTableExport } from '../../audit/export-layout';
import { DynamoBreachRepository } from '../../functions/adapters/breach-repository';
import { scanTable } from '../../functions/adapters/table-scan';
import { startDynalite } from '../support/dynalite';
import { seedBreaches } from './seeded-breaches';

/** The seeded breaches in dynalite, exported by the exporter `npm run export` uses, into a fresh folder. */
export async function exportSeededBreaches(itemsPerFile = 10): Promise<ExportResult & { outDir: string }> {
  const table = await startDynalite();
  const client = new DynamoDBClient({
    endpoint: table.endpoint,
    region: 'eu-west-2',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  try {
    await seedBreaches(new DynamoBreachRepository({ client: table.client, tableName: table.tableName }));
    const outDir = mkdtempSync(join(tmpdir(), 'breachdesk-export-'));
    const result = await writeTableExport(scanTable(client, table.tableName), {
      outDir,
      tableArn: `arn:aws:dynamodb:eu-west-2:000000000000:table/${table.tableName}`,
      tableId: 'test-table-id',
      itemsPerFile,
    });
    return { ...result, outDir };
  } finally {
    client.destroy();
    await table.close();
  }
}
