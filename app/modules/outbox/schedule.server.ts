import { Cron } from 'croner'
import { prisma } from '~/modules/db/db.server'
import { log } from '~/modules/runtime/logger.server'
import { enqueue, PermanentFailure, registerOutboxHandler } from './outbox.server'

// Scheduled tasks (listing expiry, digests, reminders, payment reconciliation) fire once per
// slot across every app instance. Each instance's ticker records the latest due slot of each
// schedule as an outbox entry whose idempotency key names the slot: the first instance to
// record it wins and the others' inserts are no-ops, and the outbox then runs it once, with
// its leases, deadlines and retries (docs/decisions/014-job-queue-and-schedules.md). Slots
// missed while every instance was down collapse into the latest one. A run that crashes is
// run again when its lease ends, so tasks must be idempotent, as all outbox handlers are.

/** Cron patterns are read in the users' time zone: "0 7 * * *" is 07:00 in Hà Nội. */
export const SCHEDULE_TIME_ZONE = 'Asia/Ho_Chi_Minh'
const TICK_MS = 30_000

export type ScheduledTask = (slot: Date, signal: AbortSignal) => Promise<void>
type Schedule = { name: string; pattern: string; run: ScheduledTask }
const schedules = new Map<string, Schedule>()

/** Registers a task that runs once per slot of `pattern` (five-field cron, Hà Nội time). */
export function defineSchedule(name: string, pattern: string, run: ScheduledTask): void {
  latestSlot(pattern, new Date()) // a malformed pattern fails here, at start, not at the first tick
  schedules.set(name, { name, pattern, run })
}

/** The most recent slot of `pattern` at or before `now`. */
export function latestSlot(pattern: string, now: Date): Date | null {
  return new Cron(pattern, { timezone: SCHEDULE_TIME_ZONE, paused: true }).previousRuns(1, now)[0] ?? null
}

export const slotKey = (name: string, slot: Date) => `schedule:${name}:${slot.toISOString()}`

/** Records each schedule's latest due slot (once, whoever comes first); safe to call from every instance. */
export async function recordDueSlots(now = new Date()): Promise<void> {
  for (const schedule of schedules.values()) {
    const slot = latestSlot(schedule.pattern, now)
    if (!slot) continue
    await prisma.$transaction((tx) => enqueue(tx, 'schedule', { name: schedule.name, slot: slot.toISOString() }, slotKey(schedule.name, slot)))
  }
}

registerOutboxHandler(
  'schedule',
  async (entry, signal) => {
    const { name, slot } = entry.payload as { name: string; slot: string }
    const schedule = schedules.get(name)
    if (!schedule) throw new PermanentFailure(`no schedule named ${name}`)
    await schedule.run(new Date(slot), signal)
  },
  { concurrency: 2, timeoutMs: 10 * 60_000 },
)

/** Records due slots now and every 30 s; returns a stop function. Runs beside the outbox worker. */
export function startScheduler(tickMs = TICK_MS): () => void {
  const tick = () =>
    void recordDueSlots().catch((error: unknown) =>
      log.warn('recording scheduled slots failed', { error: error instanceof Error ? error.message : String(error) }),
    )
  tick()
  const timer = setInterval(tick, tickMs)
  timer.unref()
  return () => clearInterval(timer)
}
