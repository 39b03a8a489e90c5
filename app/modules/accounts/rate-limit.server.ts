import { prisma } from '~/modules/db/db.server'

// Fixed-window counters in PostgreSQL, so every app instance shares them.

export type RateLimitState = { count: number; retryAfterSeconds: number }

/** Adds one hit to `key` and returns the count in the current window. */
export async function hit(key: string, windowSeconds: number): Promise<RateLimitState> {
  const rows = await prisma.$queryRaw<{ count: number; windowStart: Date }[]>`
    INSERT INTO "RateLimitBucket" (key, "windowStart", count) VALUES (${key}, now(), 1)
    ON CONFLICT (key) DO UPDATE SET
      count = CASE WHEN "RateLimitBucket"."windowStart" < now() - make_interval(secs => ${windowSeconds})
                   THEN 1 ELSE "RateLimitBucket".count + 1 END,
      "windowStart" = CASE WHEN "RateLimitBucket"."windowStart" < now() - make_interval(secs => ${windowSeconds})
                   THEN now() ELSE "RateLimitBucket"."windowStart" END
    RETURNING count, "windowStart"`
  const row = rows[0]!
  const elapsed = (Date.now() - new Date(row.windowStart).getTime()) / 1000
  return { count: row.count, retryAfterSeconds: Math.max(1, Math.ceil(windowSeconds - elapsed)) }
}

/** The current count without adding to it. */
export async function peek(key: string, windowSeconds: number): Promise<RateLimitState> {
  const row = await prisma.rateLimitBucket.findUnique({ where: { key } })
  if (!row) return { count: 0, retryAfterSeconds: 0 }
  const elapsed = (Date.now() - row.windowStart.getTime()) / 1000
  if (elapsed >= windowSeconds) return { count: 0, retryAfterSeconds: 0 }
  return { count: row.count, retryAfterSeconds: Math.max(1, Math.ceil(windowSeconds - elapsed)) }
}

export async function reset(key: string) {
  await prisma.rateLimitBucket.deleteMany({ where: { key } })
}
