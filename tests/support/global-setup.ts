import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import type { TestProject } from 'vitest/node'
import { applyMigrations } from '~/modules/db/migrations.server'
import { migrationsDir } from '~/modules/runtime/paths.server'
import { startEmbeddedPostgres } from '~/modules/runtime/postgres.server'

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
export { migrationsDir }

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

type Server = {
  adminUrl: string
  /** true when only this run uses the server, so leftovers on it are garbage */
  exclusive: boolean
  stop: () => Promise<void>
}

/**
 * TEST_DATABASE_URL: any database on a server where its user may create databases (one
 * server per concurrent run: runs share the template's name). Otherwise the embedded
 * server under `dataDir`, which this run starts and stops. When another run already uses it
 * (two runs in one working tree), this run gets a private throwaway cluster instead: the
 * server's lifetime is its starter's, so sharing it would cut the other run short.
 */
async function server(dataDir: string): Promise<Server> {
  const external = process.env.TEST_DATABASE_URL
  if (external) return { adminUrl: external, exclusive: false, stop: async () => {} }
  const shared = await startEmbeddedPostgres(dataDir)
  if (shared.owned) return { adminUrl: shared.urlFor('postgres'), exclusive: true, stop: shared.stop }
  const privateDir = await fs.mkdtemp(path.join(os.tmpdir(), 'caunoi-test-postgres-'))
  const removePrivateDir = () => fs.rm(privateDir, { recursive: true, force: true })
  // mkdtemp makes it 0700; as root, PostgreSQL runs as another user who must get in.
  await fs.chmod(privateDir, 0o755)
  const own = await startEmbeddedPostgres(privateDir).catch(async (error: unknown) => {
    await removePrivateDir()
    throw error
  })
  return {
    adminUrl: own.urlFor('postgres'),
    exclusive: true,
    stop: async () => {
      await own.stop()
      await removePrivateDir()
    },
  }
}

export default async function setup(project: TestProject) {
  process.env.DATA_DIR = process.env.TEST_DATA_DIR ?? path.resolve('data-test')
  const { adminUrl, exclusive, stop } = await server(process.env.DATA_DIR)

  try {
    await admin(adminUrl, async (client) => {
      if (exclusive) {
        // Test databases a crashed run left behind.
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
    await stop()
    throw error
  }

  project.provide('pgAdminUrl', adminUrl)
  project.provide('pgTemplate', TEMPLATE)

  return async () => {
    await admin(adminUrl, (client) => client.query(`DROP DATABASE IF EXISTS "${TEMPLATE}" WITH (FORCE)`))
    await stop()
  }
}
