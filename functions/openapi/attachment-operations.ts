import { ATTACHMENT_LIMITS, attachmentDeclarationSchema } from '../domain/attachments';
import type { ApiOperation } from './operations';

/** The evidence routes (functions/attachments), with an example that passes the schema the use case validates with. */

const unauthorised =
  'No API key, or one that is unknown, revoked, or whose organisation was deleted (refused within the documented bound)';
const notFound = 'No such breach or attachment for this organisation';

export const ATTACHMENT_OPERATIONS: readonly ApiOperation[] = [
  {
    method: 'POST',
    path: '/breaches/{id}/attachments',
    operationId: 'declareAttachment',
    summary: 'Declare a file of evidence and get its presigned upload URL',
    description:
      `Name the file, its media type, size (at most ${ATTACHMENT_LIMITS.maxBytes} bytes) and the SHA-256 you computed. ` +
      `The answer's \`upload\` is a PUT valid for ${ATTACHMENT_LIMITS.uploadSeconds / 60} minutes: send the bytes with ` +
      'exactly its headers (Content-Type and x-amz-checksum-sha256); S3 refuses any other bytes. Then confirm with ' +
      'POST /breaches/{id}/attachments/{attachmentId}.',
    auth: 'api-key',
    body: [
      {
        mediaType: 'application/json',
        schema: attachmentDeclarationSchema,
        examples: {
          undertaking: {
            summary: 'A written undertaking from the wrong recipient',
            value: {
              name: 'undertaking-wrong-recipient.pdf',
              mediaType: 'application/pdf',
              size: 48213,
              sha256: '9f2b6c1e8d7a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b9c',
              kind: 'undertaking',
              description: 'Signed undertaking that the e-mail was deleted and no copy kept',
            },
          },
        },
      },
    ],
    responses: {
      '201':
        'Declared (`attachment-declared` recorded): the attachment and its upload (method, url, headers, expiresAt)',
      '400': 'Malformed JSON',
      '401': unauthorised,
      '404': notFound,
      '409': 'The case is closed',
      '422': 'Field errors (size, media type, SHA-256, kind, name): nothing was recorded',
    },
  },
  {
    method: 'GET',
    path: '/breaches/{id}/attachments',
    operationId: 'listAttachments',
    summary: 'The breach’s attachments, declared or added, each with its SHA-256',
    auth: 'api-key',
    responses: { '200': 'The attachments', '401': unauthorised, '404': notFound },
  },
  {
    method: 'POST',
    path: '/breaches/{id}/attachments/{attachmentId}',
    operationId: 'confirmAttachment',
    summary: 'Confirm an uploaded file: its bytes are hashed and its SHA-256 chained into the breach’s log',
    description:
      'No body (none is read). The stored file is read back and hashed; when its size and SHA-256 are the declared ones, ' +
      '`attachment-added` is recorded with that SHA-256. A repeat answers the same event.',
    auth: 'api-key',
    body: [],
    responses: {
      '201': 'Added (`attachment-added` recorded, with its sequence number and chain hash)',
      '401': unauthorised,
      '404': notFound,
      '409': 'The file has not been uploaded yet, or the case is closed',
      '422': 'The uploaded bytes are not the declared file (size, SHA-256 or type): nothing was recorded',
    },
  },
  {
    method: 'GET',
    path: '/breaches/{id}/attachments/{attachmentId}',
    operationId: 'downloadAttachment',
    summary: 'Download an added file',
    description: `Redirects to a presigned GET that lives ${ATTACHMENT_LIMITS.downloadSeconds} seconds.`,
    auth: 'api-key',
    produces: [],
    responses: { '302': 'Location: the download URL', '401': unauthorised, '404': notFound },
  },
];
