import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { afterAll, inject } from 'vitest'
import { disconnectDb, setDatabaseUrl } from '~/modules/db/db.server'
import { databaseUrlFor } from './global-setup'

// Runs in each test file's worker before the file: the file gets its own database, a copy
// of the migrated template (a file copy, much faster than migrating), dropped at the end.

const adminUrl = inject('pgAdminUrl')
const database = `t_${randomBytes(6).toString('hex')}`
const url = databaseUrlFor(adminUrl, database)

async function admin(sql: string) {
  const client = new pg.Client({ connectionString: adminUrl })
  await client.connect()
  try {
    await client.query(sql)
  } finally {
    await client.end()
  }
}

await admin(`CREATE DATABASE "${database}" TEMPLATE "${inject('pgTemplate')}"`)
process.env.DATABASE_URL = url
setDatabaseUrl(url)

afterAll(async () => {
  await disconnectDb()
  await admin(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`)
})

/** This test file's database. */
export function testDatabaseUrl(): string {
  return url
}
