import { hostname } from 'node:os'
import { $Enums, type OutboxEntry, type OutboxKind, type Prisma } from '~/generated/prisma/client'
import { recordAudit } from '~/modules/audit/audit.server'
import { prisma, type Tx } from '~/modules/db/db.server'
import { log } from '~/modules/runtime/logger.server'

// The transactional outbox: a side effect (email, search index, payment provider) is
// recorded in the same transaction as the write that causes it, then delivered here with
// retries. Several app instances may run workers: rows are claimed with SKIP LOCKED and a
// short lease, renewed while the handler runs, so each entry is handled by one worker at a
// time. Each kind runs in its own loop with its own concurrency and deadline, so a provider
// that hangs holds back only its own kind. Handlers must be idempotent (each entry carries an
// idempotency key for the provider). Transient failures retry with backoff until they are
// `dead` (revived when the kind delivers again); permanent ones (`PermanentFailure`) are
// `failed` at once.

export const MAX_ATTEMPTS = 15
/** A claimed entry is held this long, renewed while its handler runs: a crashed worker's entry is free again soon. */
const LEASE_MS = 15_000
const LEASE_RENEW_MS = 5_000

/**
 * A failure that retrying cannot fix (the provider refused the message, it expired before it
 * could be delivered): the entry is marked `failed` at once and never retried.
 */
export class PermanentFailure extends Error {}

/** Delivers one entry; `signal` aborts when the kind's deadline passes (pass it to the provider's SDK). */
export type OutboxHandler = (entry: OutboxEntry, signal: AbortSignal) => Promise<void>

/** Each kind runs on its own: its own loop, at most `concurrency` entries at once, each within `timeoutMs`. */
export type KindSettings = { concurrency: number; timeoutMs: number }
const DEFAULT_SETTINGS: KindSettings = { concurrency: 2, timeoutMs: 30_000 }

const handlers = new Map<OutboxKind, { handle: OutboxHandler; settings: KindSettings }>()

export function registerOutboxHandler(kind: OutboxKind, handle: OutboxHandler, settings: Partial<KindSettings> = {}) {
  handlers.set(kind, { handle, settings: { ...DEFAULT_SETTINGS, ...settings } })
}

const settingsOf = (kind: OutboxKind) => handlers.get(kind)?.settings ?? DEFAULT_SETTINGS

export async function enqueue(
  tx: Tx,
  kind: OutboxKind,
  payload: Prisma.InputJsonValue,
  idempotencyKey: string,
): Promise<void> {
  // ON CONFLICT DO NOTHING: already recorded (perhaps at this moment, by another instance),
  // so the same effect must not run twice. An upsert would fail on that race.
  await tx.outboxEntry.createMany({ data: [{ kind, payload, idempotencyKey }], skipDuplicates: true })
  wakeWorker(kind)
}

/** Exponential backoff with jitter: 1 s, 2 s, 4 s … capped at one hour. */
export function retryDelayMs(attempts: number, random = Math.random): number {
  const base = Math.min(1000 * 2 ** Math.max(0, attempts - 1), 3_600_000)
  return Math.round(base * (0.75 + random() * 0.5))
}

const leaseInterval = () => `${LEASE_MS} milliseconds`

/** Claims up to `limit` due entries of one kind for this worker. */
async function claimDue(kind: OutboxKind, limit: number): Promise<OutboxEntry[]> {
  return prisma.$queryRaw<OutboxEntry[]>`
    UPDATE "OutboxEntry" SET "lockedUntil" = now() + ${leaseInterval()}::interval
    WHERE id IN (
      SELECT id FROM "OutboxEntry"
      WHERE kind = ${kind}::"OutboxKind" AND status = 'pending' AND "nextAttemptAt" <= now()
        AND ("lockedUntil" IS NULL OR "lockedUntil" < now())
      ORDER BY "nextAttemptAt", "createdAt"
      LIMIT ${limit}
      FOR UPDATE SKIP LOCKED
    )
    RETURNING *`
}

async function renewLease(id: string) {
  await prisma.$executeRaw`UPDATE "OutboxEntry" SET "lockedUntil" = now() + ${leaseInterval()}::interval WHERE id = ${id} AND status = 'pending'`
}

function rejectOnAbort(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason), { once: true }))
}

/** Runs the entry's handler within its kind's deadline, keeping the lease while it runs; the failure, or null. */
async function attempt(entry: OutboxEntry): Promise<Error | null> {
  const registered = handlers.get(entry.kind)
  if (!registered) return new Error(`no outbox handler for ${entry.kind}`)
  const { timeoutMs } = registered.settings
  const controller = new AbortController()
  const deadline = setTimeout(() => controller.abort(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs)
  const renewal = setInterval(() => void renewLease(entry.id).catch(() => {}), LEASE_RENEW_MS)
  try {
    // A handler that ignores the signal is left behind, not waited for: providers get idempotency keys.
    await Promise.race([registered.handle(entry, controller.signal), rejectOnAbort(controller.signal)])
    return null
  } catch (error) {
    // Always an Error: a falsy throw (say, '') is still a failure.
    return error instanceof Error ? error : new Error(String(error ?? 'unknown failure'))
  } finally {
    clearTimeout(deadline)
    clearInterval(renewal)
  }
}

async function settle(entry: OutboxEntry, failure: Error | null) {
  if (!failure) {
    await prisma.outboxEntry.update({
      where: { id: entry.id },
      data: { status: 'done', processedAt: new Date(), lockedUntil: null, attempts: { increment: 1 }, lastError: null },
    })
    await reviveDead(entry.kind)
    return
  }
  const attempts = entry.attempts + 1
  const permanent = failure instanceof PermanentFailure
  const status = permanent ? 'failed' : attempts >= MAX_ATTEMPTS ? 'dead' : 'pending'
  log[status === 'pending' ? 'warn' : 'error']('outbox delivery failed', { id: entry.id, kind: entry.kind, attempts, status, error: failure.message })
  await prisma.outboxEntry.update({
    where: { id: entry.id },
    data: {
      attempts,
      lastError: failure.message.slice(0, 2000),
      lockedUntil: null,
      status,
      nextAttemptAt: new Date(Date.now() + retryDelayMs(attempts)),
    },
  })
}

/**
 * A delivery of this kind just worked, so whatever made its dead entries give up (an outage
 * of the provider) is over: they start again from a fresh count. Permanent failures stay.
 */
async function reviveDead(kind: OutboxKind) {
  const { count } = await prisma.outboxEntry.updateMany({
    where: { kind, status: 'dead' },
    data: { status: 'pending', attempts: 0, nextAttemptAt: new Date(), lockedUntil: null },
  })
  if (count) log.info('outbox entries revived', { kind, count })
}

/** An admin's retry of dead or failed entries: pending again, from a fresh count, audited per entry. */
export async function retryOutboxEntries(ids: readonly string[], actorId: string): Promise<number> {
  const retried = await prisma.$transaction(async (tx) => {
    const rows = await tx.outboxEntry.updateManyAndReturn({
      where: { id: { in: [...ids] }, status: { in: ['dead', 'failed'] } },
      data: { status: 'pending', attempts: 0, nextAttemptAt: new Date(), lockedUntil: null },
      select: { id: true, kind: true },
    })
    for (const row of rows) await recordAudit(tx, actorId, 'outbox.retry', 'OutboxEntry', row.id, { kind: row.kind })
    return rows
  })
  for (const kind of new Set(retried.map((row) => row.kind))) wakeWorker(kind)
  return retried.length
}

export type StuckEntry = { id: string; kind: OutboxKind; status: 'dead' | 'failed'; attempts: number; lastError: string | null; createdAt: Date }

/** The entries that stopped trying (dead or failed), newest first, for the admins' page. */
export async function stuckOutboxEntries(limit = 100): Promise<StuckEntry[]> {
  const rows = await prisma.outboxEntry.findMany({
    where: { status: { in: ['dead', 'failed'] } },
    orderBy: { createdAt: 'desc' },
    take: limit,
    select: { id: true, kind: true, status: true, attempts: true, lastError: true, createdAt: true },
  })
  return rows.map((row) => ({ ...row, status: row.status === 'failed' ? 'failed' : 'dead' }))
}

/** Delivers up to `limit` due entries of one kind, `concurrency` at a time; returns how many were attempted. */
async function processKind(kind: OutboxKind, limit: number): Promise<number> {
  const entries = await claimDue(kind, limit)
  const { concurrency } = settingsOf(kind)
  for (let start = 0; start < entries.length; start += concurrency) {
    await Promise.all(entries.slice(start, start + concurrency).map(async (entry) => settle(entry, await attempt(entry))))
  }
  return entries.length
}

const OUTBOX_KINDS = Object.values($Enums.OutboxKind)

/** Delivers what is due now, every kind side by side; returns how many entries were attempted. */
export async function processOutbox(limit = 20): Promise<number> {
  const counts = await Promise.all(OUTBOX_KINDS.map((kind) => processKind(kind, limit)))
  return counts.reduce((sum, count) => sum + count, 0)
}

/** Seconds the oldest due entry has been waiting (0 when nothing is due). */
export async function outboxLagSeconds(): Promise<{ lagSeconds: number; pending: number; dead: number; failed: number }> {
  const [row] = await prisma.$queryRaw<{ oldest: Date | null; pending: bigint; dead: bigint; failed: bigint }[]>`
    SELECT min("createdAt") FILTER (WHERE status = 'pending' AND "nextAttemptAt" <= now()) AS oldest,
           count(*) FILTER (WHERE status = 'pending') AS pending,
           count(*) FILTER (WHERE status = 'dead') AS dead,
           count(*) FILTER (WHERE status = 'failed') AS failed
    FROM "OutboxEntry"`
  const oldest = row?.oldest
  return {
    lagSeconds: oldest ? Math.max(0, (Date.now() - new Date(oldest).getTime()) / 1000) : 0,
    pending: Number(row?.pending ?? 0),
    dead: Number(row?.dead ?? 0),
    failed: Number(row?.failed ?? 0),
  }
}

// ── the polling worker: one loop per kind, so a slow kind never holds back the others ──

const POLL_MS = 1_000
type KindLoop = { timer: NodeJS.Timeout | null; claiming: boolean; again: boolean; inFlight: Set<Promise<void>>; tick: () => void }
type WorkerState = { stopped: boolean; loops: Map<OutboxKind, KindLoop> }
const globalForWorker = globalThis as unknown as { __outboxWorker?: WorkerState }

function wakeWorker(kind: OutboxKind) {
  const loop = globalForWorker.__outboxWorker?.loops.get(kind)
  // Soon after the commit rather than at once: the enqueuing transaction may not have committed yet.
  if (loop) setTimeout(loop.tick, 25).unref()
}

/**
 * A kind's loop keeps up to `concurrency` entries in hand, each settled on its own: a slot
 * freed by one entry is filled at once, so an entry that hangs until its deadline holds one
 * slot, not the others (nor other kinds, which have loops of their own).
 */
function kindLoop(kind: OutboxKind, state: WorkerState): KindLoop {
  const loop: KindLoop = { timer: null, claiming: false, again: false, inFlight: new Set(), tick: () => {} }
  const schedule = (ms: number) => {
    if (state.stopped) return
    if (loop.timer) clearTimeout(loop.timer)
    loop.timer = setTimeout(loop.tick, ms)
  }
  loop.tick = () => {
    if (state.stopped) return
    // A wake-up while claiming may be for an entry that claim already missed: claim once more after it.
    if (loop.claiming) {
      loop.again = true
      return
    }
    loop.claiming = true
    loop.again = false
    void (async () => {
      try {
        const free = settingsOf(kind).concurrency - loop.inFlight.size
        const entries = free > 0 ? await claimDue(kind, free) : []
        for (const entry of entries) {
          const work: Promise<void> = attempt(entry)
            .then((failure) => settle(entry, failure))
            .catch((error: unknown) => log.warn('outbox settle failed', { kind, id: entry.id, error: error instanceof Error ? error.message : String(error) }))
            .finally(() => {
              loop.inFlight.delete(work)
              loop.tick()
            })
          loop.inFlight.add(work)
        }
        // A full claim may leave more due entries: look again at once.
        if (entries.length && entries.length === free) loop.again = true
      } catch (error) {
        log.warn('outbox worker pass failed', { kind, error: error instanceof Error ? error.message : String(error) })
      } finally {
        loop.claiming = false
        schedule(loop.again ? 0 : POLL_MS)
      }
    })()
  }
  return loop
}

export function startOutboxWorker(): () => Promise<void> {
  if (globalForWorker.__outboxWorker) return async () => {}
  const state: WorkerState = { stopped: false, loops: new Map() }
  for (const kind of OUTBOX_KINDS) state.loops.set(kind, kindLoop(kind, state))
  globalForWorker.__outboxWorker = state
  for (const loop of state.loops.values()) loop.tick()
  log.info('outbox worker started', { host: hostname() })
  // Stopping lets the entries in hand finish (each within its kind's deadline).
  return async () => {
    state.stopped = true
    for (const loop of state.loops.values()) if (loop.timer) clearTimeout(loop.timer)
    // A claim under way adds its entries to inFlight before it ends; wait for both.
    while ([...state.loops.values()].some((loop) => loop.claiming || loop.inFlight.size)) {
      await Promise.all([...state.loops.values()].flatMap((loop) => [...loop.inFlight]))
      await new Promise((resolve) => setTimeout(resolve, 10))
    }
    globalForWorker.__outboxWorker = undefined
  }
}
