import path from 'node:path'
import pg from 'pg'
import type { TestProject } from 'vitest/node'
import { applyMigrations } from '~/modules/db/migrations.server'
import { startEmbeddedPostgres, type EmbeddedPostgresHandle } from '~/modules/runtime/postgres.server'

// Once per integration run: one PostgreSQL (the embedded one under data-test/, or the
// server of TEST_DATABASE_URL) and a template database built from the migrations. Each test
// file then works in its own copy of the template (tests/support/database.ts).

declare module 'vitest' {
  export interface ProvidedContext {
    /** URL of the server's maintenance database, for CREATE/DROP DATABASE */
    pgAdminUrl: string
    /** the migrated database every test database is copied from */
    pgTemplate: string
  }
}

const TEMPLATE = 'caunoi_template'
export const migrationsDir = path.resolve(import.meta.dirname, '../../prisma/migrations')

/** The same server and credentials as `serverUrl`, another database. */
export function databaseUrlFor(serverUrl: string, database: string): string {
  const url = new URL(serverUrl)
  url.pathname = `/${database}`
  return url.toString()
}

async function admin<T>(adminUrl: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl })
  await client.connect()
  try {
    return await fn(client)
  } finally {
    await client.end()
  }
}

/** TEST_DATABASE_URL: any database on a server where its user may create databases. */
async function server(dataDir: string): Promise<{ adminUrl: string; embedded: EmbeddedPostgresHandle | null }> {
  const external = process.env.TEST_DATABASE_URL
  if (external) return { adminUrl: external, embedded: null }
  const embedded = await startEmbeddedPostgres(dataDir)
  return { adminUrl: embedded.urlFor('postgres'), embedded }
}

export default async function setup(project: TestProject) {
  process.env.DATA_DIR = process.env.TEST_DATA_DIR ?? path.resolve('data-test')
  const { adminUrl, embedded } = await server(process.env.DATA_DIR)

  try {
    await admin(adminUrl, async (client) => {
      if (embedded?.owned) {
        // Nobody else uses a server we just started: clear test databases a crashed run left.
        const { rows } = await client.query<{ datname: string }>(
          `SELECT datname FROM pg_database WHERE datname LIKE 't\\_%'`,
        )
        for (const { datname } of rows) await client.query(`DROP DATABASE "${datname}" WITH (FORCE)`)
      }
      await client.query(`DROP DATABASE IF EXISTS "${TEMPLATE}" WITH (FORCE)`)
      await client.query(`CREATE DATABASE "${TEMPLATE}"`)
    })
    await applyMigrations(databaseUrlFor(adminUrl, TEMPLATE), migrationsDir)
  } catch (error) {
    await embedded?.stop()
    throw error
  }

  project.provide('pgAdminUrl', adminUrl)
  project.provide('pgTemplate', TEMPLATE)

  return async () => {
    await admin(adminUrl, (client) => client.query(`DROP DATABASE IF EXISTS "${TEMPLATE}" WITH (FORCE)`))
    await embedded?.stop()
  }
}
