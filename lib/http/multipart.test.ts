import { describe, expect, it } from 'vitest';
import { boundaryOf, readMultipart, type MultipartLimits } from './multipart';
import { BOUNDARY, CHUNK, CLOSE, fieldPart, fileHead, generatedBody, MB, MULTIPART } from './upload-stream.fixture';

const LIMITS: MultipartLimits = { maxFileBytes: 20 * MB, maxBodyBytes: 21 * MB };
const PDF = Buffer.from('%PDF-1.4\n% 测试\n%%EOF\n');

/** A body handed over in pieces of `size` bytes: every boundary, header and line break split somewhere. */
function inPieces(bytes: Uint8Array, size: number): ReadableStream<Uint8Array> {
  let at = 0;
  return new ReadableStream({
    pull(controller) {
      if (at >= bytes.byteLength) return controller.close();
      controller.enqueue(bytes.slice(at, at + size));
      at += size;
    },
  });
}

/** What a browser (here: undici's FormData) sends for a form, with its content type. */
async function serialized(form: FormData): Promise<{ bytes: Uint8Array; type: string }> {
  const response = new Response(form);
  return { bytes: new Uint8Array(await response.arrayBuffer()), type: response.headers.get('content-type')! };
}

describe('multipart upload, read as a stream', () => {
  it('reads the fields and the file of a form as the browser sends it, however the bytes are split', async () => {
    const form = new FormData();
    form.set('ownerType', 'report');
    form.set('taskId', '40');
    form.set('file', new File([PDF], '11月"进展"\r\n材料.pdf', { type: 'application/pdf' }));
    form.append('taskId', '41');
    const { bytes, type } = await serialized(form);
    for (const size of [1, 7, 64, bytes.byteLength]) {
      const read = await readMultipart(inPieces(bytes, size), type, LIMITS);
      if (!read.ok) throw new Error(`${size}: ${read.reason}`);
      // The first value of a field counts, as FormData.get() has it.
      expect(Object.fromEntries(read.form.fields), `pieces of ${size}`).toEqual({ ownerType: 'report', taskId: '40' });
      expect(read.form.file?.field).toBe('file');
      expect(read.form.file?.name).toBe('11月"进展"\r\n材料.pdf');
      expect(Buffer.from(read.form.file!.bytes).equals(PDF)).toBe(true);
    }
  });

  it('keeps a file whose bytes contain line breaks and boundary-like runs', async () => {
    const tricky = Buffer.concat([PDF, Buffer.from(`\r\n--${BOUNDARY.slice(0, -1)}\r\n\r\n--`), PDF]);
    const body = Buffer.from(`${fieldPart('ownerType', 'report')}${fileHead('file', 'a.pdf')}${tricky.toString('latin1')}${CLOSE}`, 'latin1');
    const read = await readMultipart(inPieces(body, 5), MULTIPART, LIMITS);
    if (!read.ok) throw new Error(read.reason);
    expect(Buffer.from(read.form.file!.bytes).equals(tricky)).toBe(true);
  });

  it('a 300 MB file without a declared length: refused once the file passes the limit, the rest never read', async () => {
    const body = generatedBody(fieldPart('ownerType', 'report') + fileHead('file', '大文件.pdf'), 300 * MB, CLOSE);
    const read = await readMultipart(body.stream, MULTIPART, LIMITS);
    expect(read).toEqual({ ok: false, reason: 'file-too-large', fileName: '大文件.pdf' });
    expect(body.pulled()).toBeLessThanOrEqual(20 * MB + 2 * CHUNK);
    expect(body.cancelled()).toBe(true);
  });

  it('a huge field, or a huge second file, is refused by the field or body limit', async () => {
    const field = generatedBody(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="taskId"\r\n\r\n`, 300 * MB, CLOSE);
    expect(await readMultipart(field.stream, MULTIPART, LIMITS)).toEqual({ ok: false, reason: 'body-too-large' });
    expect(field.pulled()).toBeLessThanOrEqual(64 * 1024 + 2 * CHUNK);
    expect(field.cancelled()).toBe(true);

    // The second file is not kept, but its bytes count against the body.
    const second = generatedBody(`${fileHead('file', 'a.pdf')}${PDF.toString('latin1')}\r\n${fileHead('file', 'b.pdf')}`, 300 * MB, CLOSE);
    expect(await readMultipart(second.stream, MULTIPART, LIMITS)).toEqual({ ok: false, reason: 'body-too-large' });
    expect(second.pulled()).toBeLessThanOrEqual(21 * MB + CHUNK);
    expect(second.cancelled()).toBe(true);
  });

  it('after a refusal, a body of declared length is read to its end (discarded) when asked', async () => {
    const body = generatedBody(fileHead('file', '大文件.pdf'), 20 * MB + 10 * CHUNK, CLOSE);
    expect(await readMultipart(body.stream, MULTIPART, { ...LIMITS, drainAfterRefusal: true })).toMatchObject({ ok: false, reason: 'file-too-large' });
    expect(body.pulled()).toBe(body.total);
  });

  it('a body that is not multipart, ends early or has no boundary is malformed', async () => {
    const whole = Buffer.from(`${fieldPart('ownerType', 'report')}${fileHead('file', 'a.pdf')}${PDF.toString('latin1')}${CLOSE}`, 'latin1');
    expect(await readMultipart(inPieces(whole, 100), 'application/json', LIMITS)).toEqual({ ok: false, reason: 'malformed' });
    expect(await readMultipart(null, MULTIPART, LIMITS)).toEqual({ ok: false, reason: 'malformed' });
    expect(await readMultipart(inPieces(whole.subarray(0, whole.byteLength - 10), 100), MULTIPART, LIMITS)).toEqual({ ok: false, reason: 'malformed' });
    expect(await readMultipart(inPieces(Buffer.from('no boundary here'), 4), MULTIPART, LIMITS)).toEqual({ ok: false, reason: 'malformed' });
    const failing = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(Buffer.from(fileHead('file', 'a.pdf')));
        controller.error(new Error('client went away'));
      },
    });
    expect(await readMultipart(failing, MULTIPART, LIMITS)).toEqual({ ok: false, reason: 'malformed' });
  });

  it('finds the boundary of a multipart content type only', () => {
    expect(boundaryOf('multipart/form-data; boundary=abc')).toBe('abc');
    expect(boundaryOf('Multipart/Form-Data; charset=utf-8; boundary="a b;c"')).toBe('a b;c');
    expect(boundaryOf('multipart/mixed; boundary=abc')).toBeNull();
    expect(boundaryOf('multipart/form-data')).toBeNull();
    expect(boundaryOf(null)).toBeNull();
  });
});
