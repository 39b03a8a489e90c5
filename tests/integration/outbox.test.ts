import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { OutboxEntry } from '~/generated/prisma/client'
import { disconnectDb, prisma } from '~/modules/db/db.server'
import {
  enqueue,
  MAX_ATTEMPTS,
  outboxLagSeconds,
  PermanentFailure,
  processOutbox,
  registerOutboxHandler,
  retryDelayMs,
  retryOutboxEntries,
  startOutboxWorker,
} from '~/modules/outbox/outbox.server'
import { makeUser } from '../factories/users'
import { testDatabaseUrl } from '../support/database'

// The outbox against a real database. This file registers its own handler for the
// `search_index` kind; what it does is chosen per entry by the payload's `behaviour`.

type Behaviour = 'ok' | 'fail' | 'fail-once' | 'slow' | 'throw-empty' | 'permanent'
type Payload = { behaviour: Behaviour; n?: number }

const delivered: OutboxEntry[] = []
const failedOnce = new Set<string>()

registerOutboxHandler('search_index', async (entry) => {
  const { behaviour } = entry.payload as Payload
  if (behaviour === 'slow') await new Promise((resolve) => setTimeout(resolve, 30))
  if (behaviour === 'fail') throw new Error(`index unavailable for ${entry.idempotencyKey}`)
  if (behaviour === 'fail-once' && !failedOnce.has(entry.id)) {
    failedOnce.add(entry.id)
    throw new Error('temporary failure')
  }
  if (behaviour === 'permanent') throw new PermanentFailure('refused for good')
  // Something that is not an Error and is falsy: still a failure.
  if (behaviour === 'throw-empty') throw ''
  delivered.push(entry)
})

let keyCounter = 0
function key(prefix = 'test'): string {
  keyCounter += 1
  return `${prefix}:${keyCounter}:${Date.now()}`
}

async function enqueueNow(payload: Payload, idempotencyKey = key()) {
  await prisma.$transaction((tx) => enqueue(tx, 'search_index', payload, idempotencyKey))
  return prisma.outboxEntry.findUniqueOrThrow({ where: { idempotencyKey } })
}

/** Makes the entry due now, as if its backoff had passed. */
async function makeDue(id: string) {
  await prisma.outboxEntry.update({ where: { id }, data: { nextAttemptAt: new Date(Date.now() - 1000) } })
}

/** Waits for a condition, polling; fails after 5 s. */
async function waitFor(condition: () => Promise<boolean>) {
  const deadline = Date.now() + 5_000
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met within 5 s')
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

/** Payments have no handler in this file but the hang test's: take it away again. */
function handlersReset() {
  registerOutboxHandler('payment', async () => {
    throw new Error('no payment handler in this test')
  })
}

async function reload(id: string) {
  return prisma.outboxEntry.findUniqueOrThrow({ where: { id } })
}

beforeEach(() => {
  delivered.length = 0
})

describe('retryDelayMs', () => {
  it('doubles from one second, with ±25 % jitter, capped at an hour', () => {
    const middle = () => 0.5
    expect(retryDelayMs(1, middle)).toBe(1000)
    expect(retryDelayMs(2, middle)).toBe(2000)
    expect(retryDelayMs(3, middle)).toBe(4000)
    expect(retryDelayMs(10, middle)).toBe(512_000)
    expect(retryDelayMs(13, middle)).toBe(3_600_000)
    expect(retryDelayMs(MAX_ATTEMPTS, middle)).toBe(3_600_000)
    expect(retryDelayMs(0, middle)).toBe(1000)
    expect(retryDelayMs(1, () => 0)).toBe(750)
    expect(retryDelayMs(1, () => 0.999999)).toBe(1250)
    expect(retryDelayMs(20, () => 0.999999)).toBeLessThanOrEqual(4_500_000)
  })
})

describe('enqueue', () => {
  it('leaves nothing when the surrounding transaction rolls back', async () => {
    const idempotencyKey = key('rollback')
    await expect(
      prisma.$transaction(async (tx) => {
        await enqueue(tx, 'search_index', { behaviour: 'ok' }, idempotencyKey)
        // The entry is visible inside the transaction…
        expect(await tx.outboxEntry.count({ where: { idempotencyKey } })).toBe(1)
        throw new Error('the business write failed')
      }),
    ).rejects.toThrow('the business write failed')
    // …and gone with it.
    expect(await prisma.outboxEntry.findUnique({ where: { idempotencyKey } })).toBeNull()
    await processOutbox()
    expect(delivered).toHaveLength(0)
  })

  it('records an entry once per idempotency key, keeping the first payload', async () => {
    const idempotencyKey = key('once')
    await prisma.$transaction((tx) => enqueue(tx, 'search_index', { behaviour: 'ok', n: 1 }, idempotencyKey))
    await prisma.$transaction((tx) => enqueue(tx, 'search_index', { behaviour: 'ok', n: 2 }, idempotencyKey))
    await prisma.$transaction(async (tx) => {
      await enqueue(tx, 'search_index', { behaviour: 'ok', n: 3 }, idempotencyKey)
      await enqueue(tx, 'search_index', { behaviour: 'ok', n: 4 }, idempotencyKey)
    })
    const entries = await prisma.outboxEntry.findMany({ where: { idempotencyKey } })
    expect(entries).toHaveLength(1)
    expect(entries[0]!.payload).toEqual({ behaviour: 'ok', n: 1 })
    expect(entries[0]).toMatchObject({ kind: 'search_index', status: 'pending', attempts: 0, lastError: null, processedAt: null })

    await processOutbox()
    expect(delivered.filter((e) => e.idempotencyKey === idempotencyKey)).toHaveLength(1)
    // Enqueuing the same key after delivery does not run the effect again.
    await prisma.$transaction((tx) => enqueue(tx, 'search_index', { behaviour: 'ok', n: 5 }, idempotencyKey))
    await processOutbox()
    expect(delivered.filter((e) => e.idempotencyKey === idempotencyKey)).toHaveLength(1)
    expect((await prisma.outboxEntry.findUniqueOrThrow({ where: { idempotencyKey } })).status).toBe('done')
  })
})

describe('processOutbox', () => {
  it('delivers a due entry through the handler of its kind and marks it done', async () => {
    const entry = await enqueueNow({ behaviour: 'ok', n: 42 })
    const attempted = await processOutbox()
    expect(attempted).toBeGreaterThanOrEqual(1)

    const handled = delivered.find((e) => e.id === entry.id)
    expect(handled).toBeDefined()
    expect(handled!.kind).toBe('search_index')
    expect(handled!.idempotencyKey).toBe(entry.idempotencyKey)
    expect(handled!.payload).toEqual({ behaviour: 'ok', n: 42 })
    expect(handled!.attempts).toBe(0)

    const after = await reload(entry.id)
    expect(after.status).toBe('done')
    expect(after.attempts).toBe(1)
    expect(after.processedAt).toBeInstanceOf(Date)
    expect(after.lockedUntil).toBeNull()
    expect(after.lastError).toBeNull()

    // Done entries are not delivered again.
    delivered.length = 0
    await processOutbox()
    expect(delivered.find((e) => e.id === entry.id)).toBeUndefined()
  })

  it('schedules a retry with backoff after a failure, then delivers when it is due', async () => {
    const entry = await enqueueNow({ behaviour: 'fail-once' })
    const before = Date.now()
    await processOutbox()
    const failed = await reload(entry.id)
    expect(failed.status).toBe('pending')
    expect(failed.attempts).toBe(1)
    expect(failed.lastError).toBe('temporary failure')
    expect(failed.lockedUntil).toBeNull()
    expect(failed.processedAt).toBeNull()
    // First retry after 1 s ± 25 %.
    const delay = failed.nextAttemptAt.getTime() - before
    expect(delay).toBeGreaterThan(500)
    expect(delay).toBeLessThan(1250 + 2000)
    expect(failed.nextAttemptAt.getTime()).toBeGreaterThan(Date.now())

    // Not due yet: not attempted again.
    await processOutbox()
    expect((await reload(entry.id)).attempts).toBe(1)

    await makeDue(entry.id)
    await processOutbox()
    const done = await reload(entry.id)
    expect(done.status).toBe('done')
    expect(done.attempts).toBe(2)
    expect(done.lastError).toBeNull()
    expect(delivered.filter((e) => e.id === entry.id)).toHaveLength(1)
  })

  it('backs off longer after each failure', async () => {
    const entry = await enqueueNow({ behaviour: 'fail' })
    const delays: number[] = []
    for (let i = 0; i < 6; i++) {
      await makeDue(entry.id)
      const before = Date.now()
      await processOutbox()
      const after = await reload(entry.id)
      expect(after.attempts).toBe(i + 1)
      delays.push(after.nextAttemptAt.getTime() - before)
    }
    // Jitter is ±25 %, so each delay is more than the previous one (2 × 0.75 > 1.25).
    for (let i = 1; i < delays.length; i++) expect(delays[i]!).toBeGreaterThan(delays[i - 1]!)
    expect(delays.at(-1)!).toBeGreaterThan(32_000 * 0.75 - 1000)
  })

  it(`marks an entry dead after ${MAX_ATTEMPTS} failed attempts and leaves it alone`, async () => {
    const entry = await enqueueNow({ behaviour: 'fail' })
    for (let i = 1; i <= MAX_ATTEMPTS; i++) {
      await makeDue(entry.id)
      await processOutbox()
      const after = await reload(entry.id)
      expect(after.attempts).toBe(i)
      expect(after.status).toBe(i < MAX_ATTEMPTS ? 'pending' : 'dead')
    }
    const dead = await reload(entry.id)
    expect(dead.lastError).toBe(`index unavailable for ${entry.idempotencyKey}`)
    expect(dead.processedAt).toBeNull()

    await makeDue(entry.id)
    await processOutbox()
    expect(await reload(entry.id)).toMatchObject({ status: 'dead', attempts: MAX_ATTEMPTS })
  })

  it('counts a falsy non-Error throw as a failure, not a delivery', async () => {
    const entry = await enqueueNow({ behaviour: 'throw-empty' })
    await processOutbox()
    const after = await reload(entry.id)
    expect(after.status).toBe('pending')
    expect(after.attempts).toBe(1)
    expect(after.processedAt).toBeNull()
  })

  it('retries an entry whose kind has no handler, with the reason', async () => {
    const idempotencyKey = key('payment')
    await prisma.$transaction((tx) => enqueue(tx, 'payment', { paymentId: 'p1' }, idempotencyKey))
    await processOutbox()
    const after = await prisma.outboxEntry.findUniqueOrThrow({ where: { idempotencyKey } })
    expect(after).toMatchObject({ status: 'pending', attempts: 1, lastError: 'no outbox handler for payment' })
    // Out of the way of the other tests.
    await prisma.outboxEntry.delete({ where: { id: after.id } })
  })

  it('does not take an entry another worker holds a lease on, but takes it back once the lease ran out', async () => {
    const entry = await enqueueNow({ behaviour: 'ok' })
    await prisma.outboxEntry.update({ where: { id: entry.id }, data: { lockedUntil: new Date(Date.now() + 60_000) } })
    await processOutbox()
    expect(delivered.find((e) => e.id === entry.id)).toBeUndefined()
    expect((await reload(entry.id)).status).toBe('pending')

    // That worker crashed: its lease expires.
    await prisma.outboxEntry.update({ where: { id: entry.id }, data: { lockedUntil: new Date(Date.now() - 1000) } })
    await processOutbox()
    expect(delivered.filter((e) => e.id === entry.id)).toHaveLength(1)
    expect((await reload(entry.id)).status).toBe('done')
  })

  it('respects the limit and takes the longest-waiting entries first', async () => {
    await prisma.outboxEntry.deleteMany()
    const entries = []
    for (let i = 0; i < 5; i++) entries.push(await enqueueNow({ behaviour: 'ok', n: i }))
    // The last one has been due the longest.
    await prisma.outboxEntry.update({ where: { id: entries[4]!.id }, data: { nextAttemptAt: new Date(Date.now() - 60_000) } })
    expect(await processOutbox(2)).toBe(2)
    // Which entries a pass takes follows the queue; the order within one pass is not promised.
    expect(delivered.map((e) => e.id).sort()).toEqual([entries[4]!.id, entries[0]!.id].sort())
    expect(await prisma.outboxEntry.count({ where: { status: 'pending' } })).toBe(3)
    expect(await processOutbox(10)).toBe(3)
    expect(await processOutbox(10)).toBe(0)
  })

  it('never delivers an entry twice when several workers run at once (SKIP LOCKED)', async () => {
    await prisma.outboxEntry.deleteMany()
    const count = 40
    await prisma.$transaction(async (tx) => {
      for (let i = 0; i < count; i++) await enqueue(tx, 'search_index', { behaviour: 'slow', n: i }, `concurrent:${i}`)
    })
    let attempted = 0
    for (let round = 0; round < 20 && (await prisma.outboxEntry.count({ where: { status: 'pending' } })) > 0; round++) {
      const results = await Promise.all(Array.from({ length: 5 }, () => processOutbox(4)))
      attempted += results.reduce((a, b) => a + b, 0)
    }
    const ids = delivered.map((e) => e.id)
    expect(new Set(ids).size).toBe(ids.length)
    expect(ids).toHaveLength(count)
    expect(attempted).toBe(count)
    const rows = await prisma.outboxEntry.findMany({ where: { idempotencyKey: { startsWith: 'concurrent:' } } })
    expect(rows).toHaveLength(count)
    for (const row of rows) expect(row).toMatchObject({ status: 'done', attempts: 1 })
  })

  it('one claim at a time: two concurrent passes over one entry deliver it once', async () => {
    await prisma.outboxEntry.deleteMany()
    for (let attempt = 0; attempt < 10; attempt++) {
      delivered.length = 0
      const entry = await enqueueNow({ behaviour: 'slow' })
      const results = await Promise.all([processOutbox(), processOutbox(), processOutbox()])
      expect(results.reduce((a, b) => a + b, 0)).toBe(1)
      expect(delivered.map((e) => e.id)).toEqual([entry.id])
    }
  })
})

describe('failures', () => {
  it('fails a permanent failure at once, without retries', async () => {
    const entry = await enqueueNow({ behaviour: 'permanent' })
    await processOutbox()
    expect(await reload(entry.id)).toMatchObject({ status: 'failed', attempts: 1, lastError: 'refused for good' })
    await makeDue(entry.id)
    await processOutbox()
    expect(await reload(entry.id)).toMatchObject({ status: 'failed', attempts: 1 })
  })

  it('revives dead entries of a kind when it delivers again, but not failed ones', async () => {
    await prisma.outboxEntry.deleteMany()
    const dead = await enqueueNow({ behaviour: 'ok' })
    await prisma.outboxEntry.update({ where: { id: dead.id }, data: { status: 'dead', attempts: MAX_ATTEMPTS, nextAttemptAt: new Date(Date.now() + 3_600_000) } })
    const failed = await enqueueNow({ behaviour: 'ok' })
    await prisma.outboxEntry.update({ where: { id: failed.id }, data: { status: 'failed', attempts: 1 } })
    const fresh = await enqueueNow({ behaviour: 'ok' })
    await processOutbox(1)
    expect((await reload(fresh.id)).status).toBe('done')
    expect(await reload(dead.id)).toMatchObject({ status: 'pending', attempts: 0 })
    expect((await reload(failed.id)).status).toBe('failed')
    await processOutbox()
    expect((await reload(dead.id)).status).toBe('done')
  })

  it('lets an admin retry dead and failed entries from a fresh count', async () => {
    const failed = await enqueueNow({ behaviour: 'ok' })
    await prisma.outboxEntry.update({ where: { id: failed.id }, data: { status: 'failed', attempts: 1, lastError: 'refused' } })
    const done = await enqueueNow({ behaviour: 'ok' })
    await processOutbox()
    const admin = await makeUser({ platformRole: 'admin' })
    expect(await retryOutboxEntries([failed.id, done.id], admin.id)).toBe(1)
    expect(await reload(failed.id)).toMatchObject({ status: 'pending', attempts: 0 })
    await processOutbox()
    expect((await reload(failed.id)).status).toBe('done')
  })
})

describe('a kind that hangs', () => {
  it('is given up on at its deadline and holds back no other kind', async () => {
    await prisma.outboxEntry.deleteMany()
    let hung = 0
    // A provider that accepts and never answers (and ignores the abort).
    registerOutboxHandler('payment', () => {
      hung += 1
      return new Promise<void>(() => {})
    }, { concurrency: 1, timeoutMs: 400 })
    const stop = startOutboxWorker()
    try {
      await prisma.$transaction((tx) => enqueue(tx, 'payment', { n: 1 }, key('hang')))
      const payment = await prisma.outboxEntry.findFirstOrThrow({ where: { kind: 'payment' } })
      await waitFor(async () => hung === 1)
      // While the payment hangs, search-index entries keep flowing.
      const entries = [await enqueueNow({ behaviour: 'ok' }), await enqueueNow({ behaviour: 'ok' })]
      await waitFor(async () => (await Promise.all(entries.map((e) => reload(e.id)))).every((e) => e.status === 'done'))
      // And the hung one is let go at its deadline, to be tried again later.
      await waitFor(async () => (await reload(payment.id)).attempts === 1)
      expect(await reload(payment.id)).toMatchObject({ status: 'pending', lastError: 'no answer within 400 ms', lockedUntil: null })
    } finally {
      await stop()
      handlersReset()
    }
  })
})

describe('outboxLagSeconds', () => {
  it('is 0 when nothing is due and counts pending and dead entries', async () => {
    await prisma.outboxEntry.deleteMany()
    expect(await outboxLagSeconds()).toEqual({ lagSeconds: 0, pending: 0, dead: 0, failed: 0 })

    const future = await enqueueNow({ behaviour: 'ok' })
    await prisma.outboxEntry.update({
      where: { id: future.id },
      data: { nextAttemptAt: new Date(Date.now() + 60_000), createdAt: new Date(Date.now() - 600_000) },
    })
    const dead = await enqueueNow({ behaviour: 'ok' })
    await prisma.outboxEntry.update({ where: { id: dead.id }, data: { status: 'dead', createdAt: new Date(Date.now() - 900_000) } })
    const failed = await enqueueNow({ behaviour: 'ok' })
    await prisma.outboxEntry.update({ where: { id: failed.id }, data: { status: 'failed', createdAt: new Date(Date.now() - 900_000) } })
    // None is due: a retry scheduled later is not lag, a dead or failed entry is not waiting.
    expect(await outboxLagSeconds()).toEqual({ lagSeconds: 0, pending: 1, dead: 1, failed: 1 })
  })

  it('reports how long the oldest due entry has waited', async () => {
    await prisma.outboxEntry.deleteMany()
    const old = await enqueueNow({ behaviour: 'ok' })
    const recent = await enqueueNow({ behaviour: 'ok' })
    await prisma.outboxEntry.update({ where: { id: old.id }, data: { createdAt: new Date(Date.now() - 120_000) } })
    await prisma.outboxEntry.update({ where: { id: recent.id }, data: { createdAt: new Date(Date.now() - 5_000) } })
    const lag = await outboxLagSeconds()
    expect(lag.pending).toBe(2)
    expect(lag.dead).toBe(0)
    expect(lag.lagSeconds).toBeGreaterThanOrEqual(119)
    expect(lag.lagSeconds).toBeLessThan(130)

    await processOutbox()
    expect(await outboxLagSeconds()).toEqual({ lagSeconds: 0, pending: 0, dead: 0, failed: 0 })
  })
})

describe('startOutboxWorker', () => {
  it('delivers an entry soon after it is enqueued, and stops cleanly', async () => {
    await prisma.outboxEntry.deleteMany()
    const stop = startOutboxWorker()
    try {
      // A second start in the same process is a no-op.
      const again = startOutboxWorker()
      await again()
      const entry = await enqueueNow({ behaviour: 'ok' })
      const deadline = Date.now() + 5_000
      while (Date.now() < deadline && (await reload(entry.id)).status !== 'done') await new Promise((r) => setTimeout(r, 20))
      expect((await reload(entry.id)).status).toBe('done')
      expect(delivered.filter((e) => e.id === entry.id)).toHaveLength(1)
    } finally {
      await stop()
    }
    // Stopped: nothing is delivered any more.
    const later = await enqueueNow({ behaviour: 'ok' })
    await new Promise((r) => setTimeout(r, 1_300))
    expect((await reload(later.id)).status).toBe('pending')
  })
})

describe('with the PostgreSQL server in Hà Nội time (TimeZone=Asia/Ho_Chi_Minh)', () => {
  // Retries are scheduled by Prisma (UTC) and compared with now() in SQL.
  const database = () => new URL(testDatabaseUrl()).pathname.slice(1)

  beforeEach(async () => {
    await prisma.$executeRawUnsafe(`ALTER DATABASE "${database()}" SET timezone TO 'Asia/Ho_Chi_Minh'`)
    await disconnectDb()
  })

  afterEach(async () => {
    await prisma.$executeRawUnsafe(`ALTER DATABASE "${database()}" RESET timezone`)
    await disconnectDb()
  })

  it('delivers a new entry at once but waits out the backoff after a failure', async () => {
    await prisma.outboxEntry.deleteMany()
    const ok = await enqueueNow({ behaviour: 'ok' })
    await processOutbox()
    expect((await reload(ok.id)).status).toBe('done')

    const entry = await enqueueNow({ behaviour: 'fail' })
    await processOutbox()
    expect((await reload(entry.id)).attempts).toBe(1)
    await processOutbox()
    expect((await reload(entry.id)).attempts).toBe(1)
  })

  it('reports the real lag of a due entry', async () => {
    await prisma.outboxEntry.deleteMany()
    const entry = await enqueueNow({ behaviour: 'ok' })
    await prisma.outboxEntry.update({ where: { id: entry.id }, data: { createdAt: new Date(Date.now() - 30_000) } })
    const lag = await outboxLagSeconds()
    expect(lag.lagSeconds).toBeGreaterThanOrEqual(29)
    expect(lag.lagSeconds).toBeLessThan(40)
  })
})
