import * as z from 'zod/mini';
import './zod-english';

/**
 * Evidence attached to a breach (statements, written undertakings from a wrong recipient, receipts from the authority
 * or the DSPT, photos): what may be attached, as data, and where each file is kept. The files themselves live in the
 * attachments bucket (functions/adapters/s3-attachment-store.ts); the breach's hash-chained log records each file's
 * SHA-256, so a file replaced later no longer matches its event and `npm run verify` names it.
 */

export const ATTACHMENT_KINDS = ['statement', 'undertaking', 'receipt', 'photo', 'other'] as const;
export type AttachmentKind = (typeof ATTACHMENT_KINDS)[number];

export const ATTACHMENT_KIND_LABELS: Readonly<Record<AttachmentKind, string>> = {
  statement: 'Statement',
  undertaking: 'Written undertaking (e.g. from a wrong recipient)',
  receipt: 'Receipt or acknowledgement (ICO, DSPT)',
  photo: 'Photo',
  other: 'Other evidence',
};

/**
 * The media types a file may have, each with the extension it is saved under and the bytes it starts with. The
 * signature lets a file uploaded from a browser without JavaScript (which sends no reliable type) be recognised, and
 * refuses one whose bytes are not what its declared type says for the types that have one.
 */
export const ALLOWED_MEDIA_TYPES = {
  'application/pdf': { extension: 'pdf', label: 'PDF', signature: [0x25, 0x50, 0x44, 0x46, 0x2d] },
  'image/jpeg': { extension: 'jpg', label: 'JPEG image', signature: [0xff, 0xd8, 0xff] },
  'image/png': { extension: 'png', label: 'PNG image', signature: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  'image/heic': { extension: 'heic', label: 'HEIC photo', signature: undefined },
  'text/plain': { extension: 'txt', label: 'plain text', signature: undefined },
  'message/rfc822': { extension: 'eml', label: 'e-mail message', signature: undefined },
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': {
    extension: 'docx',
    label: 'Word document',
    signature: [0x50, 0x4b, 0x03, 0x04],
  },
} as const satisfies Record<string, { extension: string; label: string; signature: readonly number[] | undefined }>;
export type AttachmentMediaType = keyof typeof ALLOWED_MEDIA_TYPES;
export const ATTACHMENT_MEDIA_TYPES = Object.keys(ALLOWED_MEDIA_TYPES) as [
  AttachmentMediaType,
  ...AttachmentMediaType[],
];

/** How big a file may be, and how long the presigned URLs live. */
export const ATTACHMENT_LIMITS = {
  /** 25 MiB: a phone photo or a scanned multi-page statement; larger evidence belongs in the organisation's own store. */
  maxBytes: 25 * 1024 * 1024,
  /** Long enough to upload 25 MiB on a slow line, short enough that a leaked URL is soon useless. */
  uploadSeconds: 15 * 60,
  /** A download link is followed at once by the browser that asked for it. */
  downloadSeconds: 60,
} as const;

/** `attachments/<organisation>/<breach>/<attachment>`: every grant and every lifecycle rule is written against it. */
export const ATTACHMENTS_PREFIX = 'attachments';
export const attachmentKey = (organisationId: string, breachId: string, attachmentId: string): string =>
  `${ATTACHMENTS_PREFIX}/${organisationId}/${breachId}/${attachmentId}`;

const ATTACHMENT_ID = /^AT-[0-9A-Z]{12}$/;
export const isAttachmentId = (value: unknown): value is string =>
  typeof value === 'string' && ATTACHMENT_ID.test(value);

/** The media type the bytes start with, among the types that have a signature. */
export const sniffMediaType = (head: Uint8Array): AttachmentMediaType | undefined =>
  ATTACHMENT_MEDIA_TYPES.find((type) => {
    const signature: readonly number[] | undefined = ALLOWED_MEDIA_TYPES[type].signature;
    return signature?.every((byte, index) => head[index] === byte) ?? false;
  });

/** Whether the bytes may be of this type: a type with a signature must start with it. */
export const bytesMatchType = (type: AttachmentMediaType, head: Uint8Array): boolean => {
  const signature: readonly number[] | undefined = ALLOWED_MEDIA_TYPES[type].signature;
  return signature === undefined || signature.every((byte, index) => head[index] === byte);
};

// A file name is shown and offered as the download's name: no path, no control characters.
const fileName = z.string().check(
  z.trim(),
  z.minLength(1),
  z.maxLength(200),
  z.refine((name) => !/[/\\\p{Cc}]/u.test(name), 'must be a file name without slashes or control characters'),
);

/** What is said about a file, whichever way it arrives. */
const fileDescription = {
  kind: z.enum(ATTACHMENT_KINDS),
  description: z.string().check(z.trim(), z.minLength(3), z.maxLength(2000)),
};

/** `POST /breaches/{id}/attachments`: the file a client is about to upload, described before its bytes arrive. */
export const attachmentDeclarationSchema = z.strictObject({
  name: fileName,
  mediaType: z.enum(ATTACHMENT_MEDIA_TYPES, {
    error: `must be one of: ${ATTACHMENT_MEDIA_TYPES.join(', ')}`,
  }),
  size: z
    .int()
    .check(
      z.minimum(1, 'must be at least 1 byte'),
      z.maximum(ATTACHMENT_LIMITS.maxBytes, `must be at most ${ATTACHMENT_LIMITS.maxBytes} bytes (25 MiB)`),
    ),
  sha256: z
    .string()
    .check(z.regex(/^[0-9a-f]{64}$/, 'must be the SHA-256 of the file as 64 lower-case hexadecimal digits')),
  ...fileDescription,
});
export type AttachmentDeclaration = z.infer<typeof attachmentDeclarationSchema>;

/** What a browser upload says about its file (form fields stored as the object's metadata). */
export const browserUploadSchema = z.strictObject({
  ...fileDescription,
  name: z.optional(fileName),
  sha256: z.optional(z.string().check(z.regex(/^[0-9a-f]{64}$/, 'must be 64 lower-case hexadecimal digits'))),
});

/** `sha256` hex as S3's `x-amz-checksum-sha256` wants it: the digest's bytes in base64. */
export const sha256Base64 = (hex: string): string => Buffer.from(hex, 'hex').toString('base64');
