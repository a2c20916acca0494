/**
 * The port to where attachment files are kept (S3 in AWS, an S3 emulator locally:
 * functions/adapters/s3-attachment-store.ts). Keys are attachments.ts's `attachmentKey`. The store never decides
 * anything: the use cases (attach-evidence.ts) check what it reports against the breach's log.
 */

/** A presigned PUT: send exactly these headers, or the store refuses the bytes. */
export interface UploadTarget {
  method: 'PUT';
  url: string;
  headers: Record<string, string>;
  expiresAt: string;
}

/** A presigned POST policy: a multipart form of these fields, then the file as the last field `file`. */
export interface UploadForm {
  url: string;
  fields: Record<string, string>;
  expiresAt: string;
}

/** A stored object as read back: its size, type, metadata, the SHA-256 of its bytes and its first bytes. */
export interface StoredObject {
  size: number;
  mediaType?: string;
  /** User metadata (`x-amz-meta-*`), lower-case names without the prefix. */
  metadata: Record<string, string>;
  /** SHA-256 (hex) computed over the bytes as read. */
  sha256: string;
  /** The first bytes (up to 16), to recognise the file type. */
  head: Uint8Array;
}

export interface AttachmentStore {
  /** A URL the caller PUTs the file to; the store refuses other bytes than the SHA-256 and type named. */
  uploadUrl(
    key: string,
    file: { mediaType: string; size: number; sha256: string },
    expiresInSeconds: number,
  ): Promise<UploadTarget>;
  /**
   * A form a browser posts the file to directly, without JavaScript: at most `maxBytes`, this key only, then the
   * browser is sent to `redirectTo`. `metadata` names the fields the form may add (stored as the object's metadata).
   */
  uploadForm(
    key: string,
    options: { maxBytes: number; redirectTo: string; metadata: readonly string[]; expiresInSeconds: number },
  ): Promise<UploadForm>;
  /** Reads the object through, hashing it; undefined when there is none. */
  read(key: string): Promise<StoredObject | undefined>;
  /** A short-lived URL that downloads the object under this name and type. */
  downloadUrl(key: string, file: { name: string; mediaType: string }, expiresInSeconds: number): Promise<string>;
}
