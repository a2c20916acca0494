import { randomBytes } from 'node:crypto';
import type { AttachmentStore, UploadForm, UploadTarget } from './attachment-store';
import {
  ALLOWED_MEDIA_TYPES,
  ATTACHMENT_LIMITS,
  type AttachmentMediaType,
  attachmentDeclarationSchema,
  attachmentKey,
  browserUploadSchema,
  bytesMatchType,
  sniffMediaType,
} from './attachments';
import {
  AttachmentMismatchError,
  AttachmentNotUploadedError,
  CaseInputInvalidError,
  CaseItemNotFoundError,
} from './case-errors';
import { type Actor, type AttachmentFacts, type BreachEvent, isEvent } from './events';
import { openCase, parseCaseInput } from './open-case';
import { ownBreach } from './own-breach';
import type { BreachRepository, OrganisationRepository } from './ports';
import type { AttachmentRecord, BreachState } from './state';

/**
 * Evidence attached to a breach, in two steps so the file never passes through a function:
 *
 * 1. declare (`POST /breaches/{id}/attachments`): the caller names the file, its type, size and SHA-256; the limits
 *    are checked (attachments.ts), a presigned PUT bound to that type and checksum is made, and `attachment-declared`
 *    is recorded;
 * 2. the caller PUTs the bytes straight to the bucket;
 * 3. confirm (`POST /breaches/{id}/attachments/{attachmentId}`): the stored object is read back and hashed here; only
 *    when its size and SHA-256 are the declared ones is `attachment-added` appended, with that SHA-256, to the hash
 *    chain. A retried confirmation finds the event already recorded.
 *
 * A browser without JavaScript cannot hash a file first: the console posts it straight to the bucket with a POST
 * policy (`uploadForm`), and `confirmBrowserUpload` reads the object, recognises its type from its first bytes, and
 * records `attachment-added` with the SHA-256 it computed (checked against the one the page's script computed, when it
 * ran). A refused request writes nothing to the log.
 */

export interface AttachEvidenceDeps {
  breaches: BreachRepository;
  organisations: OrganisationRepository;
  store: AttachmentStore;
  now: () => Date;
  /** @default `AT-` and 12 random base-32 characters */
  newAttachmentId?: () => string;
}

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const randomAttachmentId = (): string => `AT-${[...randomBytes(12)].map((byte) => BASE32[byte % 32]).join('')}`;

/** 1. Declares a file and hands back where to PUT it. */
export async function declareAttachment(
  deps: AttachEvidenceDeps,
  input: { organisationId: string; breachId: string; body: unknown; actor: Actor },
): Promise<{ event: BreachEvent<'attachment-declared'>; upload: UploadTarget }> {
  const { state } = await openCase(deps, input.organisationId, input.breachId);
  const file = parseCaseInput('attachment', attachmentDeclarationSchema, input.body);
  const attachmentId = (deps.newAttachmentId ?? randomAttachmentId)();
  const key = attachmentKey(state.organisationId, state.breachId, attachmentId);
  const upload = await deps.store.uploadUrl(key, file, ATTACHMENT_LIMITS.uploadSeconds);
  const { event } = await deps.breaches.append(state.breachId, {
    type: 'attachment-declared',
    at: deps.now().toISOString(),
    actor: input.actor,
    data: { attachmentId, ...file, uploadExpiresAt: upload.expiresAt },
  });
  return { event, upload };
}

/** 3. Confirms a declared file: its stored bytes hashed and compared, then `attachment-added` chained. */
export async function confirmAttachment(
  deps: AttachEvidenceDeps,
  input: { organisationId: string; breachId: string; attachmentId: string; actor: Actor },
): Promise<BreachEvent<'attachment-added'>> {
  const state = await ownBreach(deps.breaches, input.organisationId, input.breachId);
  const declared = state.attachments?.find((a) => a.attachmentId === input.attachmentId);
  if (!declared) throw new CaseItemNotFoundError('attachment', input.attachmentId);
  if (declared.status === 'added') return recordedEvent(deps, state, declared);
  await openCase(deps, input.organisationId, input.breachId);
  const stored = await deps.store.read(attachmentKey(state.organisationId, state.breachId, declared.attachmentId));
  if (!stored) throw new AttachmentNotUploadedError(declared.attachmentId);
  const problems: { path: string; message: string }[] = [];
  if (stored.size !== declared.size) {
    problems.push({ path: 'size', message: `declared ${declared.size} bytes, the uploaded file has ${stored.size}` });
  }
  if (stored.sha256 !== declared.sha256) {
    problems.push({
      path: 'sha256',
      message: `declared ${declared.sha256}, the uploaded file hashes to ${stored.sha256}`,
    });
  }
  if (!bytesMatchType(declared.mediaType, stored.head)) {
    problems.push({
      path: 'mediaType',
      message: `the uploaded bytes are not a ${ALLOWED_MEDIA_TYPES[declared.mediaType].label}`,
    });
  }
  if (problems.length > 0) throw new AttachmentMismatchError(declared.attachmentId, problems);
  return added(deps, state, { ...factsOf(declared), sha256: stored.sha256, size: stored.size }, input.actor, 'api');
}

/** A browser's upload form for a new attachment of the breach; nothing is recorded until it comes back. */
export async function browserUploadForm(
  deps: Pick<AttachEvidenceDeps, 'breaches' | 'organisations' | 'store' | 'newAttachmentId'>,
  input: { organisationId: string; breachId: string; redirectTo: (attachmentId: string) => string },
): Promise<{ attachmentId: string; form: UploadForm; state: BreachState }> {
  const { state } = await openCase(deps, input.organisationId, input.breachId);
  const attachmentId = (deps.newAttachmentId ?? randomAttachmentId)();
  const form = await deps.store.uploadForm(attachmentKey(state.organisationId, state.breachId, attachmentId), {
    maxBytes: ATTACHMENT_LIMITS.maxBytes,
    redirectTo: input.redirectTo(attachmentId),
    metadata: BROWSER_FIELDS,
    expiresInSeconds: ATTACHMENT_LIMITS.uploadSeconds,
  });
  return { attachmentId, form, state };
}

/** The form fields a browser upload carries as the object's metadata (`x-amz-meta-<name>`). */
export const BROWSER_FIELDS = ['kind', 'description', 'name', 'sha256'] as const;

/** The object a browser posted, checked and recorded as `attachment-added`. */
export async function confirmBrowserUpload(
  deps: AttachEvidenceDeps,
  input: { organisationId: string; breachId: string; attachmentId: string; actor: Actor },
): Promise<BreachEvent<'attachment-added'>> {
  const { state } = await openCase(deps, input.organisationId, input.breachId);
  const known = state.attachments?.find((a) => a.attachmentId === input.attachmentId);
  if (known?.status === 'added') return recordedEvent(deps, state, known);
  const stored = await deps.store.read(attachmentKey(state.organisationId, state.breachId, input.attachmentId));
  if (!stored) throw new AttachmentNotUploadedError(input.attachmentId);
  const fields = Object.fromEntries(
    BROWSER_FIELDS.flatMap((name) => {
      const value = decodeField(stored.metadata[name]);
      return value ? [[name, value]] : [];
    }),
  );
  const said = parseCaseInput('attachment', browserUploadSchema, fields);
  const problems: { path: string; message: string }[] = [];
  const named = ALLOWED_MEDIA_TYPES[stored.mediaType as AttachmentMediaType]
    ? (stored.mediaType as AttachmentMediaType)
    : undefined;
  const mediaType = named && bytesMatchType(named, stored.head) ? named : sniffMediaType(stored.head);
  if (!mediaType) {
    problems.push({
      path: 'file',
      message: `must be one of: ${Object.values(ALLOWED_MEDIA_TYPES)
        .map((t) => t.label)
        .join(', ')}`,
    });
  }
  if (stored.size === 0) problems.push({ path: 'file', message: 'is empty' });
  if (stored.size > ATTACHMENT_LIMITS.maxBytes) {
    problems.push({ path: 'file', message: `must be at most ${ATTACHMENT_LIMITS.maxBytes} bytes (25 MiB)` });
  }
  if (said.sha256 && said.sha256 !== stored.sha256) {
    problems.push({
      path: 'sha256',
      message: `the page computed ${said.sha256}, the stored file hashes to ${stored.sha256}`,
    });
  }
  if (problems.length > 0 || !mediaType) throw new CaseInputInvalidError('attachment', problems);
  const name = said.name ?? `${said.kind}-${input.attachmentId}.${ALLOWED_MEDIA_TYPES[mediaType].extension}`;
  const facts: AttachmentFacts = {
    attachmentId: input.attachmentId,
    name,
    mediaType,
    size: stored.size,
    sha256: stored.sha256,
    kind: said.kind,
    description: said.description,
  };
  return added(deps, state, facts, input.actor, 'console');
}

/** Every attachment of the caller's breach (closed or open), declared or added. */
export async function listAttachments(
  deps: Pick<AttachEvidenceDeps, 'breaches'>,
  input: { organisationId: string; breachId: string },
): Promise<AttachmentRecord[]> {
  const state = await ownBreach(deps.breaches, input.organisationId, input.breachId);
  return state.attachments ?? [];
}

/** A short-lived download URL of an added attachment, for its own organisation only. */
export async function attachmentDownload(
  deps: Pick<AttachEvidenceDeps, 'breaches' | 'store'>,
  input: { organisationId: string; breachId: string; attachmentId: string },
): Promise<{ attachment: AttachmentRecord; url: string }> {
  const state = await ownBreach(deps.breaches, input.organisationId, input.breachId);
  const attachment = state.attachments?.find((a) => a.attachmentId === input.attachmentId && a.status === 'added');
  if (!attachment) throw new CaseItemNotFoundError('attachment', input.attachmentId);
  const url = await deps.store.downloadUrl(
    attachmentKey(state.organisationId, state.breachId, attachment.attachmentId),
    { name: attachment.name, mediaType: attachment.mediaType },
    ATTACHMENT_LIMITS.downloadSeconds,
  );
  return { attachment, url };
}

const factsOf = (record: AttachmentRecord): AttachmentFacts => ({
  attachmentId: record.attachmentId,
  name: record.name,
  mediaType: record.mediaType,
  size: record.size,
  sha256: record.sha256,
  kind: record.kind,
  description: record.description,
});

const added = async (
  deps: AttachEvidenceDeps,
  state: BreachState,
  facts: AttachmentFacts,
  actor: Actor,
  via: 'api' | 'console',
): Promise<BreachEvent<'attachment-added'>> => {
  const { event } = await deps.breaches.appendOnce(state.breachId, `attachment:${facts.attachmentId}`, {
    type: 'attachment-added',
    at: deps.now().toISOString(),
    actor,
    data: { ...facts, via },
  });
  return event;
};

const recordedEvent = async (
  deps: AttachEvidenceDeps,
  state: BreachState,
  record: AttachmentRecord,
): Promise<BreachEvent<'attachment-added'>> => {
  const event = (await deps.breaches.events(state.breachId)).find((e) => e.seq === record.addedSeq);
  if (!event || !isEvent(event, 'attachment-added')) throw new CaseItemNotFoundError('attachment', record.attachmentId);
  return event;
};

/** Metadata travels in HTTP headers: the page's script percent-encodes what is not ASCII. */
const decodeField = (value: string | undefined): string | undefined => {
  if (value === undefined) return undefined;
  try {
    return decodeURIComponent(value).trim() || undefined;
  } catch {
    return value.trim() || undefined;
  }
};
