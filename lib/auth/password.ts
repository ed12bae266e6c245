import { hash, hashSync, parseOptions, verify, type Algorithm, type Options } from '@node-rs/argon2';
import bcrypt from 'bcryptjs';

export { newPasswordSchema, PASSWORD_MIN_LENGTH } from './password-policy';

/**
 * argon2id with OWASP's first recommended setting (Password Storage Cheat Sheet): m = 19 MiB,
 * t = 2, p = 1. Memory-hard, so a GPU farm gains far less than against bcrypt; ~20–40 ms and
 * 19 MiB per hash here, which keeps a burst of logins on a 2-core server cheap (the lockout and
 * the per-address throttle cap how many an attacker gets). The parameters are in every hash
 * (PHC string), so raising them later re-hashes each password at its owner's next login.
 */
const ARGON2ID = 2 as Algorithm; // Algorithm.Argon2id (a const enum: not readable under isolatedModules)
const ARGON2_OPTIONS = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 } satisfies Options;

const isArgon2id = (stored: string) => stored.startsWith('$argon2id$');
const isBcrypt = (stored: string) => /^\$2[aby]\$/.test(stored);

export async function hashPassword(plain: string): Promise<string> {
  return hash(plain, ARGON2_OPTIONS);
}

/**
 * Checks a password against a stored hash of either kind: argon2id (current) or bcrypt (hashes
 * made before argon2; upgraded at the next login, see needsRehash). Anything else never matches.
 */
export async function verifyPassword(plain: string, stored: string): Promise<boolean> {
  if (isArgon2id(stored)) {
    try {
      return await verify(stored, plain);
    } catch {
      return false; // a malformed hash is no match, not a server error
    }
  }
  if (isBcrypt(stored)) return bcrypt.compare(plain, stored);
  return false;
}

/** Whether a stored hash is weaker than what hashPassword makes now (bcrypt, or argon2 with lower costs). */
export function needsRehash(stored: string): boolean {
  if (!isArgon2id(stored)) return true;
  try {
    const o = parseOptions(stored);
    return (
      o.memoryCost < ARGON2_OPTIONS.memoryCost || o.timeCost < ARGON2_OPTIONS.timeCost || o.parallelism < ARGON2_OPTIONS.parallelism
    );
  } catch {
    return true;
  }
}

/**
 * A real hash of a random string, made with the current parameters: compared against when the
 * username is unknown, so that an unknown name costs the same argon2 verify as a known one.
 */
export const DUMMY_HASH = hashSync('dummy-password-for-timing-0', ARGON2_OPTIONS);
