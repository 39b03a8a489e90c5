import { describe, expect, it } from 'vitest'
import { Prisma } from '~/generated/prisma/client'
import { isDatabaseUnavailable } from '~/modules/db/db.server'

// The shapes Prisma 7 with @prisma/adapter-pg threw against a stopped and a killed embedded
// PostgreSQL (docs/decisions/013-database-outage-and-backups.md); database-outage.test.ts
// covers the real thing end to end.

function prismaError(code: string, cause: Record<string, unknown>) {
  return new Prisma.PrismaClientKnownRequestError('Invalid `prisma.need.findMany()` invocation', {
    code,
    clientVersion: '7.10.0',
    meta: { driverAdapterError: { name: 'DriverAdapterError', cause } },
  })
}

describe('isDatabaseUnavailable', () => {
  it('recognises a refused connection, a fast shutdown and a killed server', () => {
    expect(isDatabaseUnavailable(prismaError('P1001', { kind: 'DatabaseNotReachable', host: '127.0.0.1', port: 5432 }))).toBe(true)
    // a raw query reports P2010 with the adapter's cause
    expect(isDatabaseUnavailable(prismaError('P2010', { kind: 'DatabaseNotReachable', host: '127.0.0.1', port: 5432 }))).toBe(true)
    expect(isDatabaseUnavailable(prismaError('P2010', { kind: 'postgres', originalCode: '57P01', code: '57P01' }))).toBe(true)
    expect(isDatabaseUnavailable(prismaError('P2010', { kind: 'postgres', originalCode: '57P03', code: '57P03' }))).toBe(true)
    expect(isDatabaseUnavailable(prismaError('P2010', { kind: 'ConnectionClosed' }))).toBe(true)
    expect(isDatabaseUnavailable(new Error('Connection terminated unexpectedly'))).toBe(true)
    expect(isDatabaseUnavailable(new Error('Connection terminated due to connection timeout'))).toBe(true)
    expect(isDatabaseUnavailable(new Error('timeout exceeded when trying to connect'))).toBe(true)
    expect(isDatabaseUnavailable(new Prisma.PrismaClientInitializationError("Can't reach database server", '7.10.0'))).toBe(true)
  })

  it('leaves bugs and bad input alone', () => {
    expect(isDatabaseUnavailable(prismaError('P2021', { kind: 'TableDoesNotExist', originalCode: '42P01' }))).toBe(false)
    expect(isDatabaseUnavailable(prismaError('P2002', { kind: 'UniqueConstraintViolation', originalCode: '23505' }))).toBe(false)
    expect(isDatabaseUnavailable(prismaError('P2010', { kind: 'postgres', originalCode: '22021' }))).toBe(false)
    expect(isDatabaseUnavailable(new TypeError("Cannot read properties of undefined (reading 'id')"))).toBe(false)
    expect(isDatabaseUnavailable(new Response('Not Found', { status: 404 }))).toBe(false)
    expect(isDatabaseUnavailable('Connection terminated')).toBe(false)
  })
})
