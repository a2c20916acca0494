import { SESv2Client } from '@aws-sdk/client-sesv2';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SesMailer } from '../../functions/adapters/mailer';
import { buildDeadlineAlertMail } from '../../functions/domain/mail/deadline-alert';
import { DEFAULT_CLOCKS, type OrganisationPolicy, organisationPolicySchema } from '../../functions/domain/policy';
import { type LocalSes, startLocalSes } from '../support/ses';

const policy: OrganisationPolicy = organisationPolicySchema.parse({
  preset: 'test',
  sector: 'generic',
  role: 'controller',
  timeZone: 'Europe/London',
  dpo: { name: 'Dana Officer', email: 'dpo@example.org' },
  escalation: [{ name: 'Board', email: 'board@example.org', group: 'board', when: 'deadline-missed' }],
  supervisoryAuthority: { name: "Information Commissioner's Office" },
  clocks: DEFAULT_CLOCKS.map((clock) => ({ ...clock, warnBeforeHours: [...clock.warnBeforeHours] })),
  severityScale: 'enisa',
  duties: [],
  otherParties: [],
});

describe('SesMailer against aws-ses-v2-local', () => {
  let ses: LocalSes;
  let mailer: SesMailer;

  beforeAll(async () => {
    ses = await startLocalSes();
    const client = new SESv2Client({
      endpoint: ses.endpoint,
      region: 'eu-west-2',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    mailer = new SesMailer({ client, fromAddress: 'breachdesk@example.org', configurationSetName: 'breachdesk' });
  });

  beforeEach(async () => {
    await ses.clear();
  });

  afterAll(async () => {
    await ses?.close();
  });

  it('delivers a DPO alert with its sender, recipients, subject, text and HTML', async () => {
    // Prepare
    const message = buildDeadlineAlertMail({
      breachId: 'br-int-1',
      policy,
      mark: 'missed',
      deadline: { clockId: 'authority', label: 'Notification to the ICO', dueAt: '2025-01-10T09:00:00Z' },
      now: '2025-01-10T09:00:01Z',
      breachUrl: 'https://breachdesk.example.org/breaches/br-int-1',
    });

    // Act
    const { messageId } = await mailer.send(message);

    // Assess
    const stored = await ses.messages();
    expect(stored).toHaveLength(1);
    const [email] = stored;
    expect(email?.messageId).toBe(messageId);
    expect(email?.from).toBe('breachdesk@example.org');
    expect(email?.destination.to).toEqual(['dpo@example.org']);
    expect(email?.destination.cc).toEqual(['board@example.org']);
    expect(email?.subject).toBe('Breach br-int-1: deadline missed – Notification to the ICO');
    expect(email?.body.text).toBe(message.text);
    expect(email?.body.html).toBe(message.html);
    expect(email?.body.text).toContain('was due at Friday 10 January 2025, 09:00 GMT (Europe/London); 09:00 UTC');
  });

  it('clears its store between tests', async () => {
    expect(await ses.messages()).toEqual([]);
  });
});
