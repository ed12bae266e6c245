/**
 * A streaming reader of a multipart/form-data upload (one file and a few short fields), in place of
 * `request.formData()`, which reads the whole body before anything can be checked. The body is
 * pulled one chunk at a time and reading stops as soon as the file part, a field or the whole body
 * passes its limit: an oversize upload costs at most its limit (plus one chunk) in memory, however
 * large it is and whether or not it declares its length.
 */

export type MultipartLimits = {
  /** Largest file part. */
  maxFileBytes: number;
  /** Largest body, every part and header included. */
  maxBodyBytes: number;
  /** Largest text field (the upload's ids). */
  maxFieldBytes?: number;
  /** Most parts. */
  maxParts?: number;
  /** The one file part kept (the first of that name); other files are read past, not kept. */
  fileField?: string;
  /**
   * After a refusal, read the rest of the body (discarding it) instead of cancelling it: for a body
   * of declared length, already known to be within the limit, so the client gets the answer rather
   * than a closed connection. A body without a declared length is cancelled.
   */
  drainAfterRefusal?: boolean;
};

export type MultipartFile = { field: string; name: string; bytes: Uint8Array };
export type MultipartForm = { fields: Map<string, string>; file: MultipartFile | null };
export type MultipartOutcome =
  | { ok: true; form: MultipartForm }
  | { ok: false; reason: 'file-too-large'; fileName: string }
  | { ok: false; reason: 'body-too-large' }
  | { ok: false; reason: 'malformed' };

const MALFORMED = { ok: false, reason: 'malformed' } as const;
const BODY_TOO_LARGE = { ok: false, reason: 'body-too-large' } as const;
const MAX_HEADER_BYTES = 16 * 1024;
const CRLF = Buffer.from('\r\n');
const HEADER_END = Buffer.from('\r\n\r\n');

/** Ends the parse with an outcome (a limit, a malformed body, a failed read). */
class Stop {
  constructor(readonly outcome: Exclude<MultipartOutcome, { ok: true }>) {}
}

/** The boundary of a multipart/form-data content type, or null. */
export function boundaryOf(contentType: string | null): string | null {
  if (!contentType || !/^\s*multipart\/form-data\s*(;|$)/i.test(contentType)) return null;
  const m = /;\s*boundary\s*=\s*(?:"([^"]{1,70})"|([^\s;"]{1,70}))/i.exec(contentType);
  return m?.[1] ?? m?.[2] ?? null;
}

/** A parameter of a Content-Disposition value (quoted, with backslash escapes, or bare), or null. */
function parameter(value: string, key: string): string | null {
  for (const m of value.matchAll(/;\s*([\w*.-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;]*))/g)) {
    if (m[1]!.toLowerCase() !== key) continue;
    return m[2] !== undefined ? m[2].replace(/\\(["\\])/g, '$1') : m[3]!.trim();
  }
  return null;
}

/** Browsers escape a name's quote and line breaks (HTML's multipart/form-data encoding). */
function decodeName(raw: string): string {
  return raw.replace(/%0A|%0D|%22/gi, (e) => ({ '%0A': '\n', '%0D': '\r', '%22': '"' })[e.toUpperCase()]!);
}

function contentDisposition(head: string): string | null {
  for (const line of head.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0 && line.slice(0, colon).trim().toLowerCase() === 'content-disposition') return line.slice(colon + 1).trim();
  }
  return null;
}

/** The chunks copied into one array of its own (not a slice of a shared pool). */
function joined(chunks: Buffer[], size: number): Uint8Array {
  const out = new Uint8Array(size);
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.byteLength;
  }
  return out;
}

/**
 * Reads a multipart/form-data body within the limits. A body that is not multipart, ends early or
 * cannot be read (the client went away) is `malformed`.
 */
export async function readMultipart(body: ReadableStream<Uint8Array> | null, contentType: string | null, limits: MultipartLimits): Promise<MultipartOutcome> {
  const boundary = boundaryOf(contentType);
  if (!body || !boundary) return MALFORMED;
  const reader = body.getReader();
  let outcome: MultipartOutcome;
  try {
    outcome = await parse(reader, boundary, limits);
  } catch (err) {
    if (!(err instanceof Stop)) throw err;
    outcome = err.outcome;
  }
  if (!outcome.ok && limits.drainAfterRefusal) {
    try {
      let next = await reader.read();
      while (!next.done) next = await reader.read();
    } catch {
      // The client went away: nothing left to drain.
    }
  }
  // After a refusal without draining, the rest is not read: the client's upload is cut off (a
  // complete body has nothing left to cancel). A failing cancel changes nothing.
  await reader.cancel().catch(() => undefined);
  return outcome;
}

async function parse(reader: ReadableStreamDefaultReader<Uint8Array>, boundary: string, limits: MultipartLimits): Promise<MultipartOutcome> {
  const maxField = limits.maxFieldBytes ?? 64 * 1024;
  const maxParts = limits.maxParts ?? 50;
  const fileField = limits.fileField ?? 'file';
  const delimiter = Buffer.from(`\r\n--${boundary}`);
  // The body opens with the boundary without a line break before it: with one prefixed, every boundary is a delimiter.
  let buf: Buffer = Buffer.from(CRLF);
  let total = 0;

  /** Appends the next chunk to `buf`; false at the end of the body. */
  async function more(): Promise<boolean> {
    let next: ReadableStreamReadResult<Uint8Array>;
    try {
      next = await reader.read();
    } catch {
      throw new Stop(MALFORMED);
    }
    if (next.done) return false;
    total += next.value.byteLength;
    if (total > limits.maxBodyBytes) throw new Stop(BODY_TOO_LARGE);
    const chunk = Buffer.from(next.value.buffer, next.value.byteOffset, next.value.byteLength);
    buf = buf.length === 0 ? chunk : Buffer.concat([buf, chunk]);
    return true;
  }
  async function need(bytes: number): Promise<void> {
    while (buf.length < bytes) if (!(await more())) throw new Stop(MALFORMED);
  }

  // The preamble (before the first boundary) is skipped, keeping only what may begin a delimiter.
  let at: number;
  while ((at = buf.indexOf(delimiter)) < 0) {
    if (buf.length >= delimiter.length) buf = buf.subarray(buf.length - delimiter.length + 1);
    if (!(await more())) return MALFORMED;
  }
  buf = buf.subarray(at + delimiter.length);

  const fields = new Map<string, string>();
  let file: MultipartFile | null = null;
  for (let parts = 1; ; parts++) {
    // After a boundary: "--" closes the body, a line break opens a part.
    await need(2);
    if (buf[0] === 0x2d && buf[1] === 0x2d) {
      // The epilogue (a line break) is read to the end, within the body limit: cancelling a body
      // whose last bytes are still on their way would close the connection before the answer.
      while (await more()) buf = buf.subarray(buf.length);
      return { ok: true, form: { fields, file } };
    }
    if (buf[0] !== 0x0d || buf[1] !== 0x0a || parts > maxParts) return MALFORMED;
    let end: number;
    while ((end = buf.indexOf(HEADER_END)) < 0) {
      if (buf.length > MAX_HEADER_BYTES) return MALFORMED;
      if (!(await more())) return MALFORMED;
    }
    if (end > MAX_HEADER_BYTES) return MALFORMED;
    const disposition = contentDisposition(buf.subarray(0, end).toString('utf8'));
    buf = buf.subarray(end + HEADER_END.length);
    const rawName = disposition === null ? null : parameter(disposition, 'name');
    const rawFileName = disposition === null ? null : parameter(disposition, 'filename');
    const name = rawName === null ? null : decodeName(rawName);
    const fileName = rawFileName === null ? null : decodeName(rawFileName);
    const kind = name === null ? 'skip' : fileName !== null ? (name === fileField && !file ? 'file' : 'skip') : 'field';

    // The part's content runs to the next delimiter; a tail that may begin one waits for more bytes.
    const chunks: Buffer[] = [];
    let size = 0;
    for (;;) {
      const found = buf.indexOf(delimiter);
      const take = found >= 0 ? found : Math.max(0, buf.length - delimiter.length + 1);
      if (take > 0) {
        size += take;
        if (kind === 'file' && size > limits.maxFileBytes) return { ok: false, reason: 'file-too-large', fileName: fileName! };
        if (kind === 'field' && size > maxField) return BODY_TOO_LARGE;
        if (kind !== 'skip') chunks.push(buf.subarray(0, take));
        buf = buf.subarray(take);
      }
      if (found >= 0) break;
      if (!(await more())) return MALFORMED;
    }
    buf = buf.subarray(delimiter.length);
    if (kind === 'file') file = { field: name!, name: fileName!, bytes: joined(chunks, size) };
    // The first value of a field counts, as FormData.get() has it.
    else if (kind === 'field' && !fields.has(name!)) fields.set(name!, Buffer.concat(chunks, size).toString('utf8'));
  }
}
