import bcrypt from 'bcryptjs';

/** bcrypt cost: ≥ 10 as policy requires; 12 costs ~0.25 s on this class of server. */
const BCRYPT_COST = 12;

export { newPasswordSchema, PASSWORD_MIN_LENGTH } from './password-policy';

export async function hashPassword(plain: string): Promise<string> {
  return bcrypt.hash(plain, BCRYPT_COST);
}

export async function verifyPassword(plain: string, hash: string): Promise<boolean> {
  return bcrypt.compare(plain, hash);
}

/** A real hash of a random string: compared against when the username is unknown, to keep timing even. */
export const DUMMY_HASH = bcrypt.hashSync('dummy-password-for-timing-0', BCRYPT_COST);
