/**
 * A request body read through a byte counter: a chunked body (no Content-Length) is refused once it
 * passes the limit, after at most one chunk more than the limit has been pulled from the client —
 * whatever the handler does with it (`formData()` included), nothing beyond is read or buffered.
 */

/** Raised into the body stream once it passes the limit. */
export class BodyTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`request body over ${maxBytes} bytes`);
    this.name = 'BodyTooLargeError';
  }
}

export type LimitedBody = {
  stream: ReadableStream<Uint8Array>;
  /** Whether the body passed the limit (the stream has been failed and its source cancelled). */
  exceeded(): boolean;
};

/**
 * `body` pulled one chunk at a time (no read-ahead: highWaterMark 0), counted; past `maxBytes` the
 * source is cancelled and the stream fails with BodyTooLargeError.
 */
export function limitBody(body: ReadableStream<Uint8Array>, maxBytes: number): LimitedBody {
  const reader = body.getReader();
  let seen = 0;
  let over = false;
  const stream = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const { done, value } = await reader.read();
        if (done) {
          controller.close();
          return;
        }
        seen += value.byteLength;
        if (seen > maxBytes) {
          over = true;
          controller.error(new BodyTooLargeError(maxBytes));
          // Stop the client's upload rather than drain it; a failing cancel changes nothing here.
          await reader.cancel().catch(() => undefined);
          return;
        }
        controller.enqueue(value);
      },
      cancel(reason) {
        return reader.cancel(reason);
      },
    },
    { highWaterMark: 0 },
  );
  return { stream, exceeded: () => over };
}

/**
 * The same request with its body behind `limitBody`; a request without a body is returned as it is.
 * Only the handler's view changes (url, method, headers and signal are kept).
 */
export function limitRequestBody(request: Request, maxBytes: number): { request: Request; exceeded(): boolean } {
  if (!request.body) return { request, exceeded: () => false };
  const limited = limitBody(request.body, maxBytes);
  // `duplex` is required by Node's fetch for a streamed body; the DOM typings do not know it yet.
  const init = { method: request.method, headers: request.headers, body: limited.stream, duplex: 'half', signal: request.signal } as RequestInit;
  return { request: new Request(request.url, init), exceeded: limited.exceeded };
}
