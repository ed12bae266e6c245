/**
 * Sealing small secrets at rest (the TOTP keys): AES-256-GCM with a key derived by HKDF from the
 * auth secret (lib/env.ts), which lives outside the database. A database copy or backup alone
 * therefore holds no usable second factor. Each sealed value is bound to a context (e.g. the user
 * it belongs to), so a sealed key moved to another row does not open.
 *
 * Changing AUTH_SECRET makes every sealed value unreadable: users then enrol TOTP again.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

const VERSION = 'v1';
const INFO = 'hedong-duban secret-box v1';

function keyFrom(masterSecret: string): Buffer {
  return Buffer.from(hkdfSync('sha256', Buffer.from(masterSecret, 'utf8'), Buffer.alloc(0), INFO, 32));
}

/** `v1.<iv>.<ciphertext>.<tag>` (base64url), bound to `context`. */
export function sealSecret(plaintext: string, context: string, masterSecret: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyFrom(masterSecret), iv);
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return [VERSION, iv.toString('base64url'), body.toString('base64url'), cipher.getAuthTag().toString('base64url')].join('.');
}

/** The plaintext, or null when the value was altered, sealed for another context or with another secret. */
export function openSecret(sealed: string, context: string, masterSecret: string): string | null {
  const parts = sealed.split('.');
  if (parts.length !== 4 || parts[0] !== VERSION) return null;
  try {
    const [, iv, body, tag] = parts as [string, string, string, string];
    const decipher = createDecipheriv('aes-256-gcm', keyFrom(masterSecret), Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
  } catch {
    return null;
  }
}
