import type { APIGatewayProxyResult } from 'aws-lambda';
import { SECURITY_HEADERS } from '../http/responses';

/**
 * A document to save rather than show: `attachment` with a file name, the API's security headers kept. Binary content
 * goes base64-encoded with `isBase64Encoded`, which API Gateway turns back into bytes when the caller's Accept header
 * names a binary media type of the API (infra/constructs/api.ts lists application/pdf).
 */
export const download = (
  content: string | Uint8Array,
  contentType: string,
  fileName: string,
): APIGatewayProxyResult => {
  const binary = typeof content !== 'string';
  return {
    statusCode: 200,
    headers: {
      'content-type': contentType,
      // The name is built from checked parts only (safeFileName), so it needs no RFC 6266 escaping.
      'content-disposition': `attachment; filename="${safeFileName(fileName)}"`,
      ...SECURITY_HEADERS,
    },
    body: binary ? Buffer.from(content).toString('base64') : content,
    ...(binary ? { isBase64Encoded: true } : {}),
  };
};

/** Letters, digits, dot, dash and underscore: nothing a header or a file system could misread. */
export const safeFileName = (name: string): string => name.replace(/[^A-Za-z0-9._-]+/g, '-');
