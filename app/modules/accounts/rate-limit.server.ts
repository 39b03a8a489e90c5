import { createHash } from 'node:crypto'
import { RateLimiterPrisma, RateLimiterRes } from 'rate-limiter-flexible'
import { prisma } from '~/modules/db/db.server'

// Rate limits shared by every app instance: rate-limiter-flexible's RateLimiterPrisma keeps
// the buckets in the RateLimiterFlexible table (docs/decisions/010-rate-limits.md).
//
// Every bucket key is "<limiter name>:<SHA-256 of the subject>", so a key is at most
// 96 characters whatever the subject (an email, a client address, a pair of both) and the
// table holds no email or address. Expired rows are deleted by `sweepExpiredBuckets()`,
// which the periodic maintenance runs (app/modules/composition/maintenance.server.ts); the
// library's own sweep timer is off.

export type Limit = {
  /** Short, fixed name of the limiter (the key prefix): letters, digits and dashes. */
  name: string
  /** Hits allowed per window. */
  points: number
  windowSeconds: number
}

export type LimitState = {
  /** False when this hit went over the limit (or, for `peek`, when the next one would). */
  allowed: boolean
  consumed: number
  /** Seconds until the window (or block) ends; at least 1 when not allowed. */
  retryAfterSeconds: number
}

const NAME = /^[a-z0-9-]{1,24}$/

/** The stored form of a subject: fixed length, and no email or address in the table. */
export function hashSubject(subject: string): string {
  return createHash('sha256').update(subject, 'utf8').digest('hex')
}

const limiters = new Map<string, RateLimiterPrisma>()

function limiterFor(limit: Limit): RateLimiterPrisma {
  if (!NAME.test(limit.name)) throw new Error(`bad rate limiter name ${limit.name}`)
  const id = `${limit.name}/${limit.points}/${limit.windowSeconds}`
  let limiter = limiters.get(id)
  if (!limiter) {
    limiter = new RateLimiterPrisma({
      storeClient: prisma,
      tableName: 'rateLimiterFlexible', // the client's model accessor
      keyPrefix: limit.name,
      points: limit.points,
      duration: limit.windowSeconds,
      clearExpiredByTimeout: false,
    })
    limiters.set(id, limiter)
  }
  return limiter
}

const seconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000))

function stateOf(res: RateLimiterRes | null, allowed: boolean): LimitState {
  if (!res) return { allowed: true, consumed: 0, retryAfterSeconds: 0 }
  return { allowed, consumed: res.consumedPoints, retryAfterSeconds: allowed ? 0 : seconds(res.msBeforeNext) }
}

/** Adds `points` hits for `subject`; `allowed` is false once the window's total exceeds the limit. */
export async function consume(limit: Limit, subject: string, points = 1): Promise<LimitState> {
  try {
    const res = await limiterFor(limit).consume(hashSubject(subject), points)
    return stateOf(res, true)
  } catch (error) {
    if (error instanceof RateLimiterRes) return stateOf(error, false)
    throw error
  }
}

/** The current state without adding a hit: `allowed` is false when the limit is used up. */
export async function peek(limit: Limit, subject: string): Promise<LimitState> {
  const res = await limiterFor(limit).get(hashSubject(subject))
  if (!res) return stateOf(null, true)
  return stateOf(res, res.consumedPoints < limit.points)
}

/** Uses up the limit for `subject` for `blockSeconds` (from now). */
export async function block(limit: Limit, subject: string, blockSeconds: number): Promise<void> {
  await limiterFor(limit).block(hashSubject(subject), blockSeconds)
}

export async function reset(limit: Limit, subject: string): Promise<void> {
  await limiterFor(limit).delete(hashSubject(subject))
}

/** Deletes every bucket whose window (or block) ended. */
export async function sweepExpiredBuckets(now = new Date()): Promise<number> {
  const { count } = await prisma.rateLimiterFlexible.deleteMany({ where: { expire: { lt: now } } })
  return count
}
