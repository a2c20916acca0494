import middy, { type MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import {
  type AttachEvidenceDeps,
  attachmentDownload,
  confirmAttachment,
  declareAttachment,
  listAttachments,
} from '../domain/attach-evidence';
import { isAttachmentId } from '../domain/attachments';
import { isBreachId } from '../domain/breach-id';
import { NotFoundError } from '../domain/errors';
import type { AttachmentRecord } from '../domain/state';
import { jsonBody } from '../http/json-body';
import { requestPath } from '../http/links';
import { organisationIdOf, requireOrganisation } from '../http/organisation';
import { type ErrorLogger, problemJson } from '../http/problem-json';
import { json, SECURITY_HEADERS } from '../http/responses';

/**
 * Evidence through the API (functions/domain/attach-evidence.ts):
 *
 * - `POST /breaches/{id}/attachments` — declare a file (name, media type, size, SHA-256, kind, description): 201 with
 *   a presigned PUT bound to that type and checksum, and `attachment-declared` recorded;
 * - `POST /breaches/{id}/attachments/{attachmentId}` — confirm the upload: the stored bytes are hashed and compared,
 *   then `attachment-added` is chained with their SHA-256 (201; a repeat answers the same event);
 * - `GET /breaches/{id}/attachments` — every attachment, declared or added;
 * - `GET /breaches/{id}/attachments/{attachmentId}` — 302 to a download URL that lives a minute.
 *
 * Another organisation's breach or attachment answers 404 exactly like one that does not exist; bad input is a
 * problem+json naming each field, and writes nothing.
 */

export const ATTACHMENT_ROUTES = {
  collection: '/breaches/{id}/attachments',
  item: '/breaches/{id}/attachments/{attachmentId}',
} as const;

export interface AttachmentsDeps extends AttachEvidenceDeps {
  logger?: ErrorLogger;
}

type Event = Omit<APIGatewayProxyEvent, 'body'> & { body: unknown };

/** The JSON body is read for the declaration only: a confirmation carries none. */
const declarationBody = (): MiddlewareObj<APIGatewayProxyEvent> => {
  const parse = jsonBody();
  return {
    name: 'declarationBody',
    before: (request) => {
      if (request.event.resource === ATTACHMENT_ROUTES.collection && request.event.httpMethod === 'POST') {
        return parse.before?.(request);
      }
      return undefined;
    },
  };
};

export const view = (breachId: string, attachment: AttachmentRecord, base: string) => ({
  attachmentId: attachment.attachmentId,
  status: attachment.status,
  name: attachment.name,
  mediaType: attachment.mediaType,
  size: attachment.size,
  sha256: attachment.sha256,
  kind: attachment.kind,
  description: attachment.description,
  ...(attachment.declaredAt ? { declaredAt: attachment.declaredAt } : {}),
  ...(attachment.addedAt ? { addedAt: attachment.addedAt, addedSeq: attachment.addedSeq } : {}),
  links: {
    self: `${base}/breaches/${breachId}/attachments/${attachment.attachmentId}`,
  },
});

export const makeHandler = (deps: AttachmentsDeps) => {
  const attachments = async (event: Event): Promise<APIGatewayProxyResult> => {
    const organisationId = organisationIdOf(event);
    const breachId = event.pathParameters?.id;
    if (!isBreachId(breachId)) throw new NotFoundError();
    const base = requestPath(event as APIGatewayProxyEvent).replace(/\/breaches\/.*$/, '');
    const actor = { kind: 'api-client', organisationId } as const;

    if (event.resource === ATTACHMENT_ROUTES.collection) {
      if (event.httpMethod === 'POST') {
        const { event: declared, upload } = await declareAttachment(deps, {
          organisationId,
          breachId,
          body: event.body,
          actor,
        });
        const { uploadExpiresAt: _expires, ...facts } = declared.data;
        return json(201, {
          breachId,
          seq: declared.seq,
          recordedAt: declared.at,
          type: declared.type,
          attachment: view(breachId, { ...facts, status: 'declared', declaredAt: declared.at }, base),
          upload,
          links: { confirm: `${base}/breaches/${breachId}/attachments/${facts.attachmentId}` },
        });
      }
      const list = await listAttachments(deps, { organisationId, breachId });
      return json(200, { breachId, attachments: list.map((a) => view(breachId, a, base)) });
    }

    const attachmentId = event.pathParameters?.attachmentId;
    if (event.resource !== ATTACHMENT_ROUTES.item || !isAttachmentId(attachmentId)) throw new NotFoundError();
    if (event.httpMethod === 'POST') {
      const added = await confirmAttachment(deps, { organisationId, breachId, attachmentId, actor });
      const { via: _via, ...facts } = added.data;
      return json(201, {
        breachId,
        seq: added.seq,
        recordedAt: added.at,
        type: added.type,
        hash: added.hash,
        attachment: view(breachId, { ...facts, status: 'added', addedAt: added.at, addedSeq: added.seq }, base),
      });
    }
    const { url } = await attachmentDownload(deps, { organisationId, breachId, attachmentId });
    return { statusCode: 302, headers: { ...SECURITY_HEADERS, location: url }, body: '' };
  };

  return middy<Event, APIGatewayProxyResult>(attachments)
    .use(problemJson(deps.logger ? { logger: deps.logger } : {}))
    .use(requireOrganisation())
    .use(declarationBody());
};
