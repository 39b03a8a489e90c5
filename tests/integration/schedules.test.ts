import { describe, expect, it } from 'vitest'
import { prisma } from '~/modules/db/db.server'
import { processOutbox } from '~/modules/outbox/outbox.server'
import { defineSchedule, latestSlot, recordDueSlots, slotKey } from '~/modules/outbox/schedule.server'

// Scheduled tasks run once per slot however many app instances record the slot
// (docs/decisions/014-job-queue-and-schedules.md).

const runs: { name: string; slot: string }[] = []
const runsOf = (name: string) => runs.filter((run) => run.name === name).map((run) => run.slot)
const entriesOf = (name: string) =>
  prisma.outboxEntry.findMany({ where: { kind: 'schedule', idempotencyKey: { startsWith: `schedule:${name}:` } }, orderBy: { createdAt: 'asc' } })

describe('scheduled tasks', () => {
  it('read their pattern in Hà Nội time', () => {
    // 07:00 in Hà Nội is 00:00 UTC; at 18:00 UTC the latest 07:00 was this morning's.
    expect(latestSlot('0 7 * * *', new Date('2026-12-02T18:00:00Z'))?.toISOString()).toBe('2026-12-02T00:00:00.000Z')
    expect(latestSlot('0 7 * * *', new Date('2026-12-02T23:59:00Z'))?.toISOString()).toBe('2026-12-02T00:00:00.000Z')
  })

  it('refuse a malformed pattern when defined', () => {
    expect(() => defineSchedule('test.bad', '61 * * * *', async () => {})).toThrow()
  })

  it('run once per slot when many instances record it at the same moment', async () => {
    defineSchedule('test.five-minutes', '*/5 * * * *', async (slot) => {
      runs.push({ name: 'test.five-minutes', slot: slot.toISOString() })
    })
    const now = new Date('2026-12-02T10:07:30Z')
    // Eight instances' tickers at once, each on its own pooled connection.
    await Promise.all(Array.from({ length: 8 }, () => recordDueSlots(now)))
    expect((await entriesOf('test.five-minutes')).map((entry) => entry.idempotencyKey)).toEqual([
      slotKey('test.five-minutes', new Date('2026-12-02T10:05:00Z')),
    ])
    await processOutbox()
    // Ticks later in the same slot record nothing new.
    await recordDueSlots(new Date('2026-12-02T10:09:59Z'))
    await processOutbox()
    expect(runsOf('test.five-minutes')).toEqual(['2026-12-02T10:05:00.000Z'])
    // The next slot runs once more.
    await Promise.all(Array.from({ length: 3 }, () => recordDueSlots(new Date('2026-12-02T10:10:01Z'))))
    await processOutbox()
    expect(runsOf('test.five-minutes')).toEqual(['2026-12-02T10:05:00.000Z', '2026-12-02T10:10:00.000Z'])
  })

  it('run a stretch missed while every instance was down once, for its latest slot', async () => {
    defineSchedule('test.hourly', '0 * * * *', async (slot) => {
      runs.push({ name: 'test.hourly', slot: slot.toISOString() })
    })
    await recordDueSlots(new Date('2026-12-02T03:00:05Z'))
    await processOutbox()
    // Down from 03:10 to 07:20: the 04:00 … 07:00 slots collapse into 07:00.
    await recordDueSlots(new Date('2026-12-02T07:20:00Z'))
    await processOutbox()
    expect(runsOf('test.hourly')).toEqual(['2026-12-02T03:00:00.000Z', '2026-12-02T07:00:00.000Z'])
  })

  it('retry a run that failed, and do not run it twice once it worked', async () => {
    let attempts = 0
    defineSchedule('test.flaky', '0 0 * * *', async () => {
      attempts++
      if (attempts === 1) throw new Error('reconciliation provider unreachable')
    })
    await recordDueSlots(new Date('2026-12-02T12:00:00Z'))
    await processOutbox()
    const [failed] = await entriesOf('test.flaky')
    expect(failed).toMatchObject({ status: 'pending', attempts: 1, lastError: 'reconciliation provider unreachable' })
    await prisma.outboxEntry.update({ where: { id: failed!.id }, data: { nextAttemptAt: new Date() } })
    await processOutbox()
    await processOutbox()
    expect(attempts).toBe(2)
    expect((await entriesOf('test.flaky'))[0]).toMatchObject({ status: 'done', attempts: 2 })
  })
})
