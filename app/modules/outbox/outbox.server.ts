import { hostname } from 'node:os'
import type { OutboxEntry, OutboxKind, Prisma } from '~/generated/prisma/client'
import { prisma, type Tx } from '~/modules/db/db.server'
import { log } from '~/modules/runtime/logger.server'

// The transactional outbox: a side effect (email, search index, payment provider) is
// recorded in the same transaction as the write that causes it, then delivered here with
// retries. Several app instances may run workers: rows are claimed with SKIP LOCKED and a
// lease, so each entry is handled by one worker at a time. Handlers must be idempotent
// (each entry carries an idempotency key for the provider).

export const MAX_ATTEMPTS = 15
const LEASE_MS = 60_000

export type OutboxHandler = (entry: OutboxEntry) => Promise<void>
const handlers = new Map<OutboxKind, OutboxHandler>()

export function registerOutboxHandler(kind: OutboxKind, handler: OutboxHandler) {
  handlers.set(kind, handler)
}

export async function enqueue(
  tx: Tx,
  kind: OutboxKind,
  payload: Prisma.InputJsonValue,
  idempotencyKey: string,
): Promise<void> {
  await tx.outboxEntry.upsert({
    where: { idempotencyKey },
    create: { kind, payload, idempotencyKey },
    update: {}, // already recorded: the same effect must not run twice
  })
  wakeWorker()
}

/** Exponential backoff with jitter: 1 s, 2 s, 4 s … capped at one hour. */
export function retryDelayMs(attempts: number, random = Math.random): number {
  const base = Math.min(1000 * 2 ** Math.max(0, attempts - 1), 3_600_000)
  return Math.round(base * (0.75 + random() * 0.5))
}

/** Claims up to `limit` due entries for this worker. */
async function claimDue(limit: number): Promise<OutboxEntry[]> {
  return prisma.$queryRaw<OutboxEntry[]>`
    UPDATE "OutboxEntry" SET "lockedUntil" = now() + ${`${LEASE_MS} milliseconds`}::interval
    WHERE id IN (
      SELECT id FROM "OutboxEntry"
      WHERE status = 'pending' AND "nextAttemptAt" <= now()
        AND ("lockedUntil" IS NULL OR "lockedUntil" < now())
      ORDER BY "nextAttemptAt", "createdAt"
      LIMIT ${limit}
      FOR UPDATE SKIP LOCKED
    )
    RETURNING *`
}

async function settle(entry: OutboxEntry, error: unknown) {
  if (!error) {
    await prisma.outboxEntry.update({
      where: { id: entry.id },
      data: { status: 'done', processedAt: new Date(), lockedUntil: null, attempts: { increment: 1 }, lastError: null },
    })
    return
  }
  const attempts = entry.attempts + 1
  const message = error instanceof Error ? error.message : String(error)
  const dead = attempts >= MAX_ATTEMPTS
  log[dead ? 'error' : 'warn']('outbox delivery failed', { id: entry.id, kind: entry.kind, attempts, error: message })
  await prisma.outboxEntry.update({
    where: { id: entry.id },
    data: {
      attempts,
      lastError: message.slice(0, 2000),
      lockedUntil: null,
      status: dead ? 'dead' : 'pending',
      nextAttemptAt: new Date(Date.now() + retryDelayMs(attempts)),
    },
  })
}

/** Delivers what is due now; returns how many entries were attempted. */
export async function processOutbox(limit = 20): Promise<number> {
  const entries = await claimDue(limit)
  for (const entry of entries) {
    const handler = handlers.get(entry.kind)
    let failure: unknown = null
    try {
      if (!handler) throw new Error(`no outbox handler for ${entry.kind}`)
      await handler(entry)
    } catch (error) {
      // Always truthy: settle() treats a falsy `error` (say, a thrown '') as success.
      failure = error instanceof Error ? error : new Error(String(error ?? 'unknown failure'))
    }
    await settle(entry, failure)
  }
  return entries.length
}

/** Seconds the oldest due entry has been waiting (0 when nothing is due). */
export async function outboxLagSeconds(): Promise<{ lagSeconds: number; pending: number; dead: number }> {
  const [row] = await prisma.$queryRaw<{ oldest: Date | null; pending: bigint; dead: bigint }[]>`
    SELECT min("createdAt") FILTER (WHERE status = 'pending' AND "nextAttemptAt" <= now()) AS oldest,
           count(*) FILTER (WHERE status = 'pending') AS pending,
           count(*) FILTER (WHERE status = 'dead') AS dead
    FROM "OutboxEntry"`
  const oldest = row?.oldest
  return {
    lagSeconds: oldest ? Math.max(0, (Date.now() - new Date(oldest).getTime()) / 1000) : 0,
    pending: Number(row?.pending ?? 0),
    dead: Number(row?.dead ?? 0),
  }
}

// ── the polling worker ──

const POLL_MS = 1_000
type WorkerState = { timer: NodeJS.Timeout | null; running: boolean; rerun: boolean; stopped: boolean; wake: () => void }
const globalForWorker = globalThis as unknown as { __outboxWorker?: WorkerState }

function wakeWorker() {
  globalForWorker.__outboxWorker?.wake()
}

export function startOutboxWorker(): () => Promise<void> {
  if (globalForWorker.__outboxWorker) return async () => {}
  const state: WorkerState = { timer: null, running: false, rerun: false, stopped: false, wake: () => {} }
  let current: Promise<void> = Promise.resolve()
  const tick = () => {
    if (state.stopped) return
    // A wake-up during a pass may be for an entry that pass already missed: run once more after it.
    if (state.running) {
      state.rerun = true
      return
    }
    state.running = true
    state.rerun = false
    if (state.timer) clearTimeout(state.timer)
    current = (async () => {
      try {
        // Keep going while entries come back; then sleep until the next poll or wake.
        let delivered = 1
        while (!state.stopped && delivered > 0) delivered = await processOutbox()
      } catch (error) {
        log.warn('outbox worker pass failed', { error: error instanceof Error ? error.message : String(error) })
      } finally {
        state.running = false
        if (!state.stopped) state.timer = setTimeout(tick, state.rerun ? 0 : POLL_MS)
      }
    })()
  }
  // Wake soon after a commit rather than at once: the enqueuing transaction may not have committed yet.
  state.wake = () => setTimeout(tick, 25).unref()
  globalForWorker.__outboxWorker = state
  tick()
  log.info('outbox worker started', { host: hostname() })
  return async () => {
    state.stopped = true
    if (state.timer) clearTimeout(state.timer)
    await current
    globalForWorker.__outboxWorker = undefined
  }
}
