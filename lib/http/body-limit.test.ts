import { describe, expect, it } from 'vitest';
import { BodyTooLargeError, limitRequestBody } from './body-limit';
import { CHUNK, CLOSE, fieldPart, fileHead, generatedBody, MB, MULTIPART } from './upload-stream.fixture';

const post = (body: ReadableStream<Uint8Array>) =>
  new Request('http://localhost/admin/plans/preview', { method: 'POST', headers: { 'content-type': MULTIPART }, body, duplex: 'half' } as RequestInit);

describe('a request body behind the byte limit', () => {
  it('formData() of a 300 MB chunked body fails once the body passes the limit; the rest is never pulled', async () => {
    const body = generatedBody(fileHead('file', '清单.docx'), 300 * MB, CLOSE);
    const limited = limitRequestBody(post(body.stream), 20 * MB);
    await expect(limited.request.formData()).rejects.toThrow();
    expect(limited.exceeded()).toBe(true);
    expect(body.pulled()).toBeLessThanOrEqual(20 * MB + CHUNK);
    expect(body.cancelled()).toBe(true);
  });

  it('a body within the limit reads as it is, with the request’s method and headers', async () => {
    const body = generatedBody(fieldPart('text', '一、重点任务') + fileHead('file', 'a.pdf'), 3 * CHUNK, CLOSE);
    const limited = limitRequestBody(post(body.stream), 20 * MB);
    expect(limited.request.method).toBe('POST');
    expect(limited.request.headers.get('content-type')).toBe(MULTIPART);
    const form = await limited.request.formData();
    expect(form.get('text')).toBe('一、重点任务');
    expect((form.get('file') as File).size).toBe(3 * CHUNK);
    expect(limited.exceeded()).toBe(false);
  });

  it('fails the stream itself with BodyTooLargeError', async () => {
    const body = generatedBody('', 2 * MB);
    const reader = limitRequestBody(post(body.stream), MB).request.body!.getReader();
    const err = await (async () => {
      for (;;) if ((await reader.read()).done) return null;
    })().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BodyTooLargeError);
  });

  it('a request without a body is left as it is', () => {
    const request = new Request('http://localhost/api/attachments/1');
    expect(limitRequestBody(request, MB).request).toBe(request);
  });
});
