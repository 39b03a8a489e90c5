import { createHash, randomBytes } from 'node:crypto'

// One-time tokens travel by email; the database keeps only their SHA-256.
export function newToken(): { token: string; tokenHash: string } {
  const token = randomBytes(32).toString('base64url')
  return { token, tokenHash: hashToken(token) }
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex')
}
