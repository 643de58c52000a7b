/**
 * Intake's handling of untrusted bytes: bodies read with a hard size limit (413 beyond it,
 * whether or not the client declared a length), attachments recognised by their magic bytes
 * (never by the declared type or the file name) and stored under the files directory with
 * their SHA-256.
 */
import type { StoredAttachment } from '@vigil/db';
import { createHash, randomUUID } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { HttpProblem } from '../http-problem';

/** The media type of `bytes` from their signature, when they are an image or PDF intake accepts; otherwise null. */
export function sniffAttachmentType(bytes: Uint8Array): 'image/jpeg' | 'image/png' | 'image/gif' | 'image/webp' | 'application/pdf' | null {
  const starts = (signature: readonly number[], offset = 0) => signature.every((byte, index) => bytes[offset + index] === byte);
  const ascii = (text: string) => [...text].map((c) => c.charCodeAt(0));
  if (starts([0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (starts(ascii('GIF87a')) || starts(ascii('GIF89a'))) return 'image/gif';
  if (starts(ascii('RIFF')) && starts(ascii('WEBP'), 8)) return 'image/webp';
  if (starts(ascii('%PDF-'))) return 'application/pdf';
  return null;
}

/** Reads a request body, refusing with 413 as soon as it exceeds `limit` bytes. */
export async function readBodyWithin(request: Request, limit: number): Promise<Uint8Array<ArrayBuffer>> {
  const tooLarge = () => new HttpProblem(413, 'Body too large', `the body may be at most ${limit} bytes`);
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > limit) throw tooLarge();
  if (!request.body) return new Uint8Array();
  const reader = (request.body as ReadableStream<Uint8Array>).getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  const body = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}

/** A file name safe to store and to send back in a header: no path, no control characters, at most 200 characters. */
export function safeFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const cleaned = base.replace(/[\u0000-\u001f\u007f"]/g, '').trim().slice(0, 200);
  return cleaned || 'attachment';
}

/** The directory of report attachments under the files directory. */
export function attachmentDirectory(filesDir: string): string {
  return join(filesDir, 'respond', 'attachments');
}

/** Writes checked attachments to disk (named by their new id); returns their records and a way to remove them again. */
export async function storeAttachments(
  filesDir: string,
  files: readonly { readonly name: string; readonly bytes: Uint8Array; readonly mediaType: string }[],
): Promise<{ readonly stored: StoredAttachment[]; readonly remove: () => Promise<void> }> {
  const directory = attachmentDirectory(filesDir);
  await mkdir(directory, { recursive: true });
  const stored: StoredAttachment[] = [];
  const remove = async () => {
    for (const file of stored) await rm(join(directory, file.id), { force: true });
  };
  try {
    for (const file of files) {
      const id = randomUUID();
      await writeFile(join(directory, id), file.bytes, { flag: 'wx' });
      stored.push({ id, fileName: safeFileName(file.name), mediaType: file.mediaType, sizeBytes: file.bytes.byteLength, sha256: createHash('sha256').update(file.bytes).digest('hex') });
    }
  } catch (error) {
    await remove();
    throw error;
  }
  return { stored, remove };
}

/**
 * Headers of an attachment download: always a download (`attachment`), never sniffed, never
 * scripted; images keep their (byte-checked) image type, everything else is an opaque
 * octet stream (a PDF viewer runs scripts).
 */
export function attachmentHeaders(attachment: { readonly fileName: string; readonly mediaType: string; readonly sizeBytes: number }): Record<string, string> {
  const ascii = attachment.fileName.replace(/[^\x20-\x7e]/g, '_').replace(/[\\"]/g, '_');
  return {
    'content-type': attachment.mediaType.startsWith('image/') && attachment.mediaType !== 'image/svg+xml' ? attachment.mediaType : 'application/octet-stream',
    'content-disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(attachment.fileName)}`,
    'content-length': String(attachment.sizeBytes),
    'x-content-type-options': 'nosniff',
    'content-security-policy': "default-src 'none'; sandbox",
    'cache-control': 'private, no-store',
  };
}
