import { createHash } from 'node:crypto'
import { LRUCache } from 'lru-cache'
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

// Leases, for limits on hot paths (the public match API): an instance takes a slice of a
// subject's window from the shared store at once and hands it out from memory, so the
// database is written once per slice instead of once per request. The store still counts
// every leased point, so all instances together never allow more than the limit; points an
// instance leased but did not use before the window ends are lost, so a subject may be
// refused up to (slice - 1) × instances requests early — never late.

/** A lease is at most this share of the limit (1/50: 12 requests of the API's 600 a minute)… */
const LEASE_SHARE = 50
/** …and at most this many points. */
const MAX_LEASE = 100

/** `counted`: the window's total in the store when this lease was taken; `full`: the store granted the whole slice. */
type Lease = { left: number; counted: number; full: boolean; endsAt: number }
const globalForLeases = globalThis as unknown as { __rateLeases?: { leases: LRUCache<string, Lease>; taking: Map<string, Promise<void>> } }
function leaseState() {
  globalForLeases.__rateLeases ??= { leases: new LRUCache({ max: 100_000 }), taking: new Map() }
  return globalForLeases.__rateLeases
}

/** The slice an instance leases of `limit` at a time. */
export function leaseSize(limit: Limit): number {
  return Math.max(1, Math.min(MAX_LEASE, Math.floor(limit.points / LEASE_SHARE)))
}

/** Takes a fresh lease for `id` from the shared store: the part of the slice still within the limit. */
async function takeLease(limit: Limit, subject: string, id: string): Promise<void> {
  const size = leaseSize(limit)
  let res: RateLimiterRes
  try {
    res = await limiterFor(limit).consume(hashSubject(subject), size)
  } catch (error) {
    if (!(error instanceof RateLimiterRes)) throw error
    res = error
  }
  const left = Math.max(0, Math.min(size, limit.points - (res.consumedPoints - size)))
  leaseState().leases.set(id, { left, counted: res.consumedPoints, full: left === size, endsAt: Date.now() + res.msBeforeNext })
}

/**
 * Adds one hit for `subject` like `consume`, counted through a lease: one database write per
 * `leaseSize(limit)` hits of a subject on this instance, and none for hits refused by a
 * window the store has already closed.
 */
export async function consumeLeased(limit: Limit, subject: string): Promise<LimitState> {
  const id = `${limit.name}/${limit.points}/${limit.windowSeconds}:${subject}`
  const { leases, taking } = leaseState()
  for (;;) {
    const lease = leases.get(id)
    const now = Date.now()
    if (lease && lease.endsAt > now) {
      if (lease.left > 0) {
        lease.left -= 1
        return { allowed: true, consumed: lease.counted - lease.left, retryAfterSeconds: 0 }
      }
      // The store gave less than a slice: the window is full until it ends.
      if (!lease.full) return { allowed: false, consumed: lease.counted, retryAfterSeconds: seconds(lease.endsAt - now) }
    }
    // No lease, or a whole one used up: one request of this instance asks the store, the rest wait for it.
    let pending = taking.get(id)
    if (!pending) {
      pending = takeLease(limit, subject, id).finally(() => taking.delete(id))
      taking.set(id, pending)
    }
    await pending
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
