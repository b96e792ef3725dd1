import { Readable, pipeline, type Transform } from 'node:stream';
import { text as readText } from 'node:stream/consumers';
import {
  constants,
  createBrotliDecompress,
  createGunzip,
  createInflate,
  createInflateRaw,
} from 'node:zlib';
import type { Dispatcher } from 'undici';

/**
 * Response bodies a gateway compressed although shepherd never asked (no `Accept-Encoding`
 * is sent): gzip, deflate (zlib-wrapped or raw) and br are decoded as they arrive, streams
 * included, so the JSON or SSE parser sees text. Any other coding is refused with its name
 * rather than parsed as binary.
 */
export class UnsupportedEncoding extends Error {
  readonly code = 'SHEPHERD_UNSUPPORTED_ENCODING';
  constructor(readonly coding: string) {
    super(`the gateway compressed its answer with '${coding}', which shepherd cannot decode`);
    this.name = 'UnsupportedEncoding';
  }
}

type Body = Dispatcher.ResponseData['body'];

/** The response with its body decoded; the response itself when it is not compressed. */
export function decodeResponse(res: Dispatcher.ResponseData): Dispatcher.ResponseData {
  const codings = codingsOf(res.headers['content-encoding']);
  if (codings.length === 0) return res;
  let body: Readable = res.body;
  // Codings are listed in the order they were applied: undo the last one first.
  for (const coding of [...codings].reverse()) body = decodeWith(coding, body);
  const decoded = Object.assign(body, {
    text: () => readText(decoded),
  }) as unknown as Body;
  return { ...res, body: decoded };
}

export function codingsOf(header: string | string[] | undefined): string[] {
  const value = Array.isArray(header) ? header.join(',') : (header ?? '');
  return value
    .split(',')
    .map((c) => c.trim().toLowerCase())
    .filter((c) => c !== '' && c !== 'identity');
}

// Decoders flush what they have at every chunk, so a compressed stream still streams.
const FLUSH = { flush: constants.Z_SYNC_FLUSH, finishFlush: constants.Z_SYNC_FLUSH };

function decodeWith(coding: string, source: Readable): Readable {
  if (coding === 'gzip' || coding === 'x-gzip') return through(source, createGunzip(FLUSH));
  if (coding === 'br') {
    return through(
      source,
      createBrotliDecompress({
        flush: constants.BROTLI_OPERATION_FLUSH,
        finishFlush: constants.BROTLI_OPERATION_FLUSH,
      }),
    );
  }
  if (coding === 'deflate') return inflate(source);
  const failed = new Readable({ read() {} });
  source.resume(); // drain it: the connection goes back to the pool
  failed.destroy(new UnsupportedEncoding(coding));
  return failed;
}

/**
 * HTTP `deflate` is meant to be zlib-wrapped, but some servers send raw deflate: the first
 * byte tells (a zlib header's low nibble is 8, the deflate method).
 */
function inflate(source: Readable): Readable {
  const out = new Readable({ read() {} });
  let decoder: Transform | undefined;
  source.on('data', (chunk: Buffer) => {
    if (!decoder) {
      decoder = (chunk[0]! & 0x0f) === 8 ? createInflate(FLUSH) : createInflateRaw(FLUSH);
      decoder.on('data', (d: Buffer) => out.push(d));
      decoder.on('end', () => out.push(null));
      decoder.on('error', (err) => out.destroy(err));
    }
    decoder.write(chunk);
  });
  source.on('end', () => (decoder ? decoder.end() : out.push(null)));
  source.on('error', (err) => out.destroy(err));
  out.on('close', () => {
    if (!source.destroyed && !source.readableEnded) source.destroy();
  });
  return out;
}

function through(source: Readable, decoder: Transform): Readable {
  return pipeline(source, decoder, () => {
    // Errors reach whoever reads the decoder; nothing to do here.
  });
}

/** Where decoded bytes go, pushed as they come out of the decoders. */
export interface BytePipe {
  write(chunk: Buffer): void;
  end(): void;
  error(err: Error): void;
}

/**
 * The push form of the decoders, for a dispatch handler that gets the body chunk by chunk:
 * write the raw chunks in, the decoded ones reach `sink`. `codings` as codingsOf gives them
 * (not empty); an unknown coding throws UnsupportedEncoding before anything is decoded.
 */
export function decodingPipe(codings: readonly string[], sink: BytePipe): BytePipe {
  let out = sink;
  // Codings are listed in the order they were applied: the last one is undone first.
  for (const coding of codings) out = decodeStage(coding, out);
  return out;
}

function decodeStage(coding: string, out: BytePipe): BytePipe {
  let make: (first: Buffer) => Transform;
  if (coding === 'gzip' || coding === 'x-gzip') make = () => createGunzip(FLUSH);
  else if (coding === 'br') {
    make = () =>
      createBrotliDecompress({
        flush: constants.BROTLI_OPERATION_FLUSH,
        finishFlush: constants.BROTLI_OPERATION_FLUSH,
      });
  } else if (coding === 'deflate') {
    // zlib-wrapped or raw: the first byte tells (see inflate above).
    make = (first) => ((first[0]! & 0x0f) === 8 ? createInflate(FLUSH) : createInflateRaw(FLUSH));
  } else throw new UnsupportedEncoding(coding);
  let decoder: Transform | undefined;
  return {
    write(chunk) {
      if (!decoder) {
        decoder = make(chunk);
        decoder.on('data', (d: Buffer) => out.write(d));
        decoder.on('end', () => out.end());
        decoder.on('error', (err) => out.error(err));
      }
      decoder.write(chunk);
    },
    end() {
      if (decoder) decoder.end();
      else out.end();
    },
    error(err) {
      decoder?.destroy();
      out.error(err);
    },
  };
}
