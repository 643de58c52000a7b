/**
 * TAXII 2.1 media types (section 1.6.8) and error resources (section 3.6.1): every answer of
 * the TAXII server, errors included, is `application/taxii+json;version=2.1`.
 */
import { InputError, NotFoundError } from '@vigil/db';
import { HttpProblem } from '../http-problem';

/** The TAXII 2.1 media type. */
export const TAXII_MEDIA_TYPE = 'application/taxii+json;version=2.1';
/** The STIX 2.1 media type (manifest entries, collection media types). */
export const STIX_MEDIA_TYPE = 'application/stix+json;version=2.1';

/** Largest request body the TAXII server accepts (advertised as max_content_length). */
export const MAX_TAXII_CONTENT_LENGTH = 20 * 1024 * 1024;

interface MediaType {
  readonly type: string;
  readonly params: ReadonlyMap<string, string>;
}

function parseMediaType(text: string): MediaType {
  const [type = '', ...params] = text.split(';').map((part) => part.trim());
  return {
    type: type.toLowerCase(),
    params: new Map(
      params.flatMap((param) => {
        const equals = param.indexOf('=');
        return equals < 0 ? [] : [[param.slice(0, equals).trim().toLowerCase(), param.slice(equals + 1).trim().replace(/^"|"$/g, '')] as [string, string]];
      }),
    ),
  };
}

/**
 * Whether an Accept header admits TAXII 2.1 JSON: `application/taxii+json` with version 2.1
 * or no version, or a wildcard. A missing header admits anything.
 */
export function acceptsTaxii(accept: string | undefined): boolean {
  if (accept === undefined || accept.trim() === '') return true;
  return accept.split(',').some((range) => {
    const media = parseMediaType(range);
    if (media.params.get('q') === '0') return false;
    if (media.type === '*/*' || media.type === 'application/*') return true;
    const version = media.params.get('version');
    return media.type === 'application/taxii+json' && (version === undefined || version === '2.1');
  });
}

/** Whether a Content-Type header is TAXII 2.1 JSON (the version parameter may be left out). */
export function isTaxiiContentType(contentType: string | undefined): boolean {
  if (contentType === undefined) return false;
  const media = parseMediaType(contentType);
  const version = media.params.get('version');
  return media.type === 'application/taxii+json' && (version === undefined || version === '2.1');
}

/** A TAXII error resource (section 3.6.1). */
export interface TaxiiError {
  readonly title: string;
  readonly description?: string;
  readonly error_id?: string;
  readonly http_status: string;
  readonly details?: Readonly<Record<string, unknown>>;
}

/** The TAXII answer to any error raised while serving a TAXII route. */
export function taxiiErrorResponse(error: unknown, requestId: string): Response {
  let status = 500;
  let title = 'Internal server error';
  let description = `Something went wrong on the server; quote request ${requestId} to its operators.`;
  let headers: Record<string, string> = {};
  let details: Record<string, unknown> | undefined;
  if (error instanceof HttpProblem) {
    status = error.status;
    title = error.title;
    description = error.detail ?? error.title;
    headers = error.headers ?? {};
    if (error.errors) details = { errors: error.errors };
  } else if (error instanceof InputError) {
    status = 422;
    title = 'Invalid input';
    description = error.message;
  } else if (error instanceof NotFoundError) {
    status = 404;
    title = 'Not found';
    description = error.message;
  }
  const body: TaxiiError = { title, description, error_id: requestId, http_status: String(status), ...(details ? { details } : {}) };
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': TAXII_MEDIA_TYPE, ...headers } });
}
