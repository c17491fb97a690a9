// Reading one image upload (multipart/form-data: text fields and one part named `file`) with busboy.
// The body is read as it arrives and never beyond the limit: a request that says it is larger is
// refused before a byte is read; a file that grows past the limit stops being kept at once (413), and
// the rest of the request is not read (the connection is closed once the answer is sent).
import busboy from 'busboy';
import type { Request, Response } from 'express';
import { HttpError } from './errors';

export interface Upload {
  /** The text fields, by name (the first value of each). */
  fields: Record<string, string>;
  bytes: Buffer;
}

/** Room for the multipart framing and the text fields around the file. */
const FRAMING_BYTES = 64 * 1024;

const megabytes = (n: number) => `${Math.round((n / 1048576) * 10) / 10} MB`;
const tooLarge = (max: number) =>
  new HttpError(413, 'too_large', `the file is larger than ${megabytes(max)}; send a smaller photo`);

/** Stops reading the request: what is left of it is dropped with the connection after the answer. */
function stopReading(req: Request, res: Response): void {
  req.unpipe();
  res.set('Connection', 'close');
  res.once('finish', () => {
    if (!req.complete) req.socket.destroy();
  });
}

/** The upload of `req`, at most maxBytes of file; HttpError 413, 415 or 400 when it cannot be. */
export function readUpload(req: Request, res: Response, maxBytes: number): Promise<Upload> {
  const type = req.headers['content-type'] ?? '';
  if (!/^multipart\/form-data\s*;/i.test(type))
    return Promise.reject(
      new HttpError(
        415,
        'unsupported_media_type',
        'send the photo as multipart/form-data with a part named file',
      ),
    );
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (declared > maxBytes + FRAMING_BYTES) {
    stopReading(req, res);
    return Promise.reject(tooLarge(maxBytes));
  }
  return new Promise<Upload>((resolve, reject) => {
    let bb: busboy.Busboy;
    try {
      bb = busboy({
        headers: req.headers,
        // busboy signals `limit` on reaching fileSize: one byte more than allowed means too large.
        limits: { fileSize: maxBytes + 1, files: 1, fields: 10, fieldSize: 1024, parts: 12 },
      });
    } catch (error) {
      reject(
        new HttpError(400, 'bad_request', `the multipart body cannot be read: ${(error as Error).message}`),
      );
      return;
    }
    const fields: Record<string, string> = {};
    const chunks: Buffer[] = [];
    let file = false;
    let failed = false;
    const fail = (error: HttpError) => {
      if (failed) return;
      failed = true;
      stopReading(req, res);
      req.unpipe(bb);
      reject(error);
    };
    bb.on('field', (name, value) => {
      fields[name] ??= value;
    });
    bb.on('file', (name, stream) => {
      if (name !== 'file' || file) {
        stream.resume();
        return;
      }
      file = true;
      stream.on('data', (chunk: Buffer) => {
        if (!failed) chunks.push(chunk);
      });
      stream.on('limit', () => {
        chunks.length = 0;
        fail(tooLarge(maxBytes));
      });
    });
    bb.on('filesLimit', () =>
      fail(new HttpError(400, 'bad_request', 'send one file, in the part named file')),
    );
    bb.on('error', (error: Error) =>
      fail(new HttpError(400, 'bad_request', `the multipart body cannot be read: ${error.message}`)),
    );
    bb.on('close', () => {
      if (failed) return;
      if (!file) return reject(new HttpError(400, 'bad_request', 'the upload has no part named file'));
      resolve({ fields, bytes: Buffer.concat(chunks) });
    });
    req.pipe(bb);
  });
}
