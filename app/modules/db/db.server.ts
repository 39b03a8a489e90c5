import { PrismaPg } from '@prisma/adapter-pg'
import { Prisma, PrismaClient } from '~/generated/prisma/client'
import { getEnv } from '~/modules/runtime/env.server'

// The one Prisma client. The embedded database's URL is only known once the runtime has
// started it, so the client is created on first use (see runtime/services.server.ts).
// State lives on globalThis: `npm start` loads this module both directly and inside the
// Remix server bundle, and Vite re-evaluates it in development.

const globalForPrisma = globalThis as unknown as {
  __databaseUrl?: string
  __prisma?: { url: string; client: PrismaClient }
}

export function setDatabaseUrl(url: string) {
  globalForPrisma.__databaseUrl = url
}

export function databaseUrl(): string {
  const url = globalForPrisma.__databaseUrl ?? getEnv().DATABASE_URL
  if (!url) throw new Error('The database is not started yet: call startServices() first.')
  return url
}

function client(): PrismaClient {
  const url = databaseUrl()
  const existing = globalForPrisma.__prisma
  if (existing && existing.url === url) return existing.client
  // Prisma stores DateTime as UTC in `timestamp` columns; raw SQL compares them with now(),
  // which is only right when the session time zone is UTC (a server may default to +07).
  const created = new PrismaClient({ adapter: new PrismaPg({ connectionString: url, max: 10, options: '-c TimeZone=UTC' }) })
  globalForPrisma.__prisma = { url, client: created }
  return created
}

export async function disconnectDb() {
  const existing = globalForPrisma.__prisma
  globalForPrisma.__prisma = undefined
  await existing?.client.$disconnect()
}

/** `prisma.user.findMany(...)` etc.; resolves the client lazily. */
export const prisma = new Proxy({} as PrismaClient, {
  get(_target, property) {
    const target = client()
    const value = Reflect.get(target, property, target)
    return typeof value === 'function' ? value.bind(target) : value
  },
})

export type { PrismaClient }

/** A write refused by a unique index (two requests racing for the same key or email). */
export function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002'
}

/**
 * PostgreSQL refused a text value it cannot store (22021: a NUL byte; 22P05: a character the
 * encoding lacks): bad input from a client, not a failure of ours.
 */
export function isInvalidTextInput(error: unknown): boolean {
  if (!(error instanceof Prisma.PrismaClientKnownRequestError)) return false
  const cause = (error.meta as { driverAdapterError?: { cause?: { originalCode?: string } } } | undefined)?.driverAdapterError?.cause
  return cause?.originalCode === '22021' || cause?.originalCode === '22P05'
}

export type Tx = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0]
