/**
 * 动态口令 (TOTP, RFC 6238): 6 digits, 30-second steps, SHA-1, as every authenticator app reads an
 * otpauth:// URI. A code is accepted one step early or late (clock drift), and a step once used
 * is never accepted again (users.totpLastStep), so a code seen over a shoulder cannot be replayed.
 *
 * Codes follow the real clock (the phone's), never the demo clock APP_NOW: callers pass
 * `Date.now()` in production and a pinned time in tests.
 */
import { generateSecret, generateURI, verifySync } from 'otplib';

/**
 * The name the authenticator app shows above the account: the district's (河东区重点任务督查), or the
 * system's for the deployment's own accounts, so that one phone holding accounts of two districts tells them apart.
 */
export function totpIssuer(districtName: string | null): string {
  return `${districtName ?? ''}重点任务督查`;
}
export const TOTP_PERIOD_SECONDS = 30;

export function newTotpSecret(): string {
  return generateSecret();
}

/** The otpauth:// URI for the QR code: issuer and username as the app lists them. */
export function totpUri(secret: string, username: string, issuer: string): string {
  return generateURI({ issuer, label: username, secret });
}

/** The secret grouped by four for typing it in by hand. */
export function formatTotpSecret(secret: string): string {
  return secret.replace(/(.{4})/g, '$1 ').trim();
}

export type TotpCheck = { ok: true; step: number } | { ok: false; reason: 'format' | 'invalid' | 'replay' };

/** Spaces are allowed in what the user types ("123 456"). */
export function normalizeTotpCode(code: string): string {
  return code.replace(/\s+/g, '');
}

/**
 * Checks a code against the secret at `atMs` (±1 step), refusing a step at or before `lastStep`
 * (a code already used, or older than one used).
 */
export function checkTotp(secret: string, code: string, atMs: number, lastStep: number | null): TotpCheck {
  const token = normalizeTotpCode(code);
  if (!/^\d{6}$/.test(token)) return { ok: false, reason: 'format' };
  const result = verifySync({ secret, token, epoch: Math.floor(atMs / 1000), epochTolerance: TOTP_PERIOD_SECONDS });
  // A TOTP result carries its time step (the HOTP variant of the union does not).
  if (!result.valid || !('timeStep' in result)) return { ok: false, reason: 'invalid' };
  if (lastStep !== null && result.timeStep <= lastStep) return { ok: false, reason: 'replay' };
  return { ok: true, step: result.timeStep };
}
