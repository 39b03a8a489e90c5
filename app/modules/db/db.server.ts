import { PrismaPg } from '@prisma/adapter-pg'
import { Prisma, PrismaClient } from '~/generated/prisma/client'
import { getEnv } from '~/modules/runtime/env.server'

// The one Prisma client. The embedded database's URL is only known once the runtime has
// started it, so the client is created on first use (see runtime/services.server.ts).
// State lives on globalThis: `npm start` loads this module both directly and inside the
// Remix server bundle, and Vite re-evaluates it in development.

const CONNECT_TIMEOUT_MS = 5_000

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
  // connectionTimeoutMillis: with a server that drops packets (not refusing them) a request
  // would otherwise wait for the OS's TCP timeout (minutes) instead of answering 503.
  const created = new PrismaClient({
    adapter: new PrismaPg({ connectionString: url, max: 10, connectionTimeoutMillis: CONNECT_TIMEOUT_MS, options: '-c TimeZone=UTC' }),
  })
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

/** Prisma's codes for "could not reach / lost the server": P1001 unreachable, P1002 timed out, P1008 operation timed out, P1017 closed, P2024 no pool connection in time. */
const UNAVAILABLE_PRISMA_CODES = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024'])
/** What @prisma/adapter-pg calls a lost or refused connection (its `DriverAdapterError` kinds). */
const UNAVAILABLE_ADAPTER_KINDS = new Set(['DatabaseNotReachable', 'ConnectionClosed', 'SocketTimeout', 'TooManyConnections'])
/**
 * SQLSTATEs of a server that is going away or not taking connections: class 08 (connection
 * exception), 57P01 admin shutdown (a fast stop), 57P02 crash shutdown, 57P03 cannot connect
 * now (starting up or shutting down), 53300 too many connections.
 */
const UNAVAILABLE_SQLSTATES = /^(08...|57P0[123]|53300)$/
/**
 * node-postgres's own errors, which the adapter passes through as plain Errors: a socket closed
 * mid-query (server killed), its connect timeout, and the pool's wait for a free connection.
 */
const UNAVAILABLE_PG_MESSAGES = /^(Connection terminated|timeout exceeded when trying to connect)/

/**
 * The database cannot be reached right now (stopped, restarting, refusing connections, or
 * too slow to hand out a connection): a temporary outage the HTTP edge answers with 503 and
 * Retry-After, not a bug. The one definition; measured against a stopped and a killed server
 * (docs/decisions/013-database-outage-and-backups.md).
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (error instanceof Prisma.PrismaClientInitializationError) return true
  if (error instanceof Prisma.PrismaClientKnownRequestError) {
    if (UNAVAILABLE_PRISMA_CODES.has(error.code)) return true
    const cause = (error.meta as { driverAdapterError?: { cause?: { kind?: string; originalCode?: string } } } | undefined)?.driverAdapterError?.cause
    return UNAVAILABLE_ADAPTER_KINDS.has(cause?.kind ?? '') || UNAVAILABLE_SQLSTATES.test(cause?.originalCode ?? '')
  }
  return error instanceof Error && UNAVAILABLE_PG_MESSAGES.test(error.message)
}

export type Tx = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0]
