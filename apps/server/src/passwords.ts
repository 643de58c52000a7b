/**
 * Password hashing with argon2id (RFC 9106), OWASP's recommended parameters
 * (19 MiB memory, 2 iterations, 1 lane).
 */
import { hash, verify } from '@node-rs/argon2';

const OPTIONS = { algorithm: 2 /* Argon2id */, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/** Hashes a password into a PHC string (`$argon2id$v=19$…`). */
export async function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

/** Checks a password against a PHC string; false for a malformed hash. */
export async function verifyPassword(phc: string, password: string): Promise<boolean> {
  try {
    return await verify(phc, password);
  } catch {
    return false;
  }
}

let dummy: Promise<string> | null = null;

/** A hash to verify against when no user matches, so timing does not reveal which e-mails exist. */
export function dummyPasswordHash(): Promise<string> {
  dummy ??= hashPassword('vigil-dummy-password-for-timing');
  return dummy;
}
