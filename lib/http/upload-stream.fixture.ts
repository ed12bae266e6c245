/**
 * Test fixture (not a test) of the upload tests: a request body generated on demand — a head, a
 * run of filler bytes, a tail — that counts the bytes pulled from it and notes a cancel, so a test
 * can show how much of a huge upload the server read, without the upload ever existing in memory.
 */

export const MB = 1024 * 1024;
export const CHUNK = 64 * 1024;

export type GeneratedBody = {
  stream: ReadableStream<Uint8Array>;
  /** Bytes handed to the reader so far. */
  pulled(): number;
  cancelled(): boolean;
  /** Every byte of the body, head and tail included. */
  total: number;
};

/** `head`, then `filler` zero bytes in chunks of `chunk`, then `tail`; nothing is produced before it is pulled. */
export function generatedBody(head: string | Uint8Array, filler: number, tail: string | Uint8Array = '', chunk = CHUNK): GeneratedBody {
  const first = typeof head === 'string' ? Buffer.from(head) : head;
  const last = typeof tail === 'string' ? Buffer.from(tail) : tail;
  const zeros = new Uint8Array(chunk);
  let pulled = 0;
  let left = filler;
  let stage: 'head' | 'filler' | 'tail' | 'done' = 'head';
  let cancelled = false;
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        // Each pull hands over one non-empty chunk (a pull that enqueues nothing is not repeated).
        for (;;) {
          let out: Uint8Array;
          if (stage === 'head') {
            out = first;
            stage = 'filler';
          } else if (stage === 'filler' && left > 0) {
            // A copy per chunk: the reader may keep what it was given.
            out = zeros.slice(0, Math.min(chunk, left));
            left -= out.byteLength;
          } else if (stage !== 'done') {
            out = last;
            stage = 'done';
          } else {
            controller.close();
            return;
          }
          if (out.byteLength === 0) continue;
          pulled += out.byteLength;
          controller.enqueue(out);
          return;
        }
      },
      cancel() {
        cancelled = true;
      },
    },
    { highWaterMark: 0 },
  );
  return { stream, pulled: () => pulled, cancelled: () => cancelled, total: first.byteLength + filler + last.byteLength };
}

export const BOUNDARY = '----formdata-test-5f2c9a';
export const MULTIPART = `multipart/form-data; boundary=${BOUNDARY}`;

/** A text field as a browser sends it. */
export const fieldPart = (name: string, value: string) => `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
/** The head of a file part; its bytes and `\r\n` follow. */
export const fileHead = (name: string, fileName: string, type = 'application/pdf') =>
  `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"; filename="${fileName}"\r\nContent-Type: ${type}\r\n\r\n`;
export const CLOSE = `\r\n--${BOUNDARY}--\r\n`;
