/** Password hashing: argon2id for new hashes, bcrypt still verifies, and the expiry rule (pure). */
import { hash as argon2Hash } from '@node-rs/argon2';
import bcrypt from 'bcryptjs';
import { describe, expect, it } from 'vitest';
import { DUMMY_HASH, hashPassword, needsRehash, verifyPassword } from './password';
import { newPasswordSchema, PASSWORD_MAX_BYTES, passwordDaysLeft, passwordExpired, passwordReusedMessage } from './password-policy';

describe('hashPassword / verifyPassword', () => {
  it('new hashes are argon2id with the OWASP parameters (m=19456 KiB, t=2, p=1)', async () => {
    const h = await hashPassword('Hedong#Key2023');
    expect(h).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await verifyPassword('Hedong#Key2023', h)).toBe(true);
    expect(await verifyPassword('Hedong#Key2024', h)).toBe(false);
    expect(needsRehash(h)).toBe(false);
  });

  it('a bcrypt hash made before argon2 still verifies, and is marked for re-hashing', async () => {
    const old = bcrypt.hashSync('Hedong@2023', 10);
    expect(await verifyPassword('Hedong@2023', old)).toBe(true);
    expect(await verifyPassword('Hedong@2024', old)).toBe(false);
    expect(needsRehash(old)).toBe(true);
  });

  it('argon2 with lower costs, or another argon2 variant, is re-hashed', async () => {
    const weak = await argon2Hash('Hedong@2023', { memoryCost: 4096, timeCost: 1, parallelism: 1 });
    expect(await verifyPassword('Hedong@2023', weak)).toBe(true);
    expect(needsRehash(weak)).toBe(true);
    expect(needsRehash('$argon2i$v=19$m=19456,t=2,p=1$c29tZXNhbHQ$aGFzaA')).toBe(true);
  });

  it('an unknown or malformed hash never matches and never throws', async () => {
    for (const stored of ['', 'plain-text', '$argon2id$v=19$m=19456,t=2,p=1$bad', '$1$abc$def']) {
      expect(await verifyPassword('anything1', stored), stored).toBe(false);
    }
  });

  it('the dummy hash for unknown users is argon2id too (same cost as a real one)', () => {
    expect(DUMMY_HASH).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  });

  it(`a password longer than ${PASSWORD_MAX_BYTES} bytes is refused (argon2 has no limit; the server's time has)`, () => {
    expect(newPasswordSchema.safeParse('Ab1' + 'x'.repeat(PASSWORD_MAX_BYTES - 3)).success).toBe(true);
    expect(newPasswordSchema.safeParse('Ab1' + 'x'.repeat(PASSWORD_MAX_BYTES - 2)).success).toBe(false);
    // 75 bytes: refused under bcrypt's 72, fine now.
    expect(newPasswordSchema.safeParse('Ab1' + 'x'.repeat(72)).success).toBe(true);
  });
});

describe('password expiry (pure, pinned clock)', () => {
  const changed = new Date('2023-08-23T10:00:00+08:00');
  const day = 86_400_000;
  const policy = { passwordExpiryDays: 90 };

  it('expires exactly 90 days after the change', () => {
    expect(passwordExpired(changed, policy, new Date(changed.getTime() + 90 * day - 1))).toBe(false);
    expect(passwordExpired(changed, policy, new Date(changed.getTime() + 90 * day))).toBe(true);
    expect(passwordDaysLeft(changed, policy, new Date(changed.getTime() + 83 * day))).toBe(7);
    expect(passwordDaysLeft(changed, policy, new Date(changed.getTime() + 83 * day + 1))).toBe(7);
    expect(passwordDaysLeft(changed, policy, new Date(changed.getTime() + 84 * day))).toBe(6);
  });

  it('0 days turns expiry off', () => {
    expect(passwordExpired(changed, { passwordExpiryDays: 0 }, new Date(changed.getTime() + 5000 * day))).toBe(false);
    expect(passwordDaysLeft(changed, { passwordExpiryDays: 0 }, changed)).toBeNull();
  });

  it('the reuse message names the count', () => {
    expect(passwordReusedMessage(5)).toBe('新密码不能与最近 5 次使用过的密码相同');
    expect(passwordReusedMessage(1)).toBe('新密码不能与当前密码相同');
  });
});
