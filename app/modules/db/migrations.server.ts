import { createHash, randomUUID } from 'node:crypto'
import fs from 'node:fs/promises'
import path from 'node:path'
import pg from 'pg'
import { log } from '~/modules/runtime/logger.server'

// Applies prisma/migrations/<name>/migration.sql the way `prisma migrate deploy` does, and
// keeps Prisma's own bookkeeping, so a machine with Prisma's native engine accepts the same
// folder and database (`prisma migrate status|deploy`). Why we do not use Prisma's engine:
// docs/decisions/003-migrations.md.

export type Migration = {
  /** the folder's name, e.g. 20261123120000_init; migrations run in name order */
  name: string
  directory: string
  script: string
  /** SHA-256 hex of migration.sql, as Prisma stores it */
  checksum: string
}

export class MigrationError extends Error {
  override name = 'MigrationError'
}

/** Prisma's own DDL for its history table (prisma-engines, PostgreSQL flavour). */
const CREATE_MIGRATIONS_TABLE = `
CREATE TABLE _prisma_migrations (
    id                      VARCHAR(36) PRIMARY KEY NOT NULL,
    checksum                VARCHAR(64) NOT NULL,
    finished_at             TIMESTAMPTZ,
    migration_name          VARCHAR(255) NOT NULL,
    logs                    TEXT,
    rolled_back_at          TIMESTAMPTZ,
    started_at              TIMESTAMPTZ NOT NULL DEFAULT now(),
    applied_steps_count     INTEGER NOT NULL DEFAULT 0
);`

/**
 * Each migration folder also keeps the schema.prisma it was generated from: the "from" side
 * of the next diff (app/cli/db-migration-new.ts). Prisma ignores extra files there.
 */
export const SCHEMA_SNAPSHOT = 'schema.prisma'

/** The advisory lock key Prisma Migrate uses, so our runner and Prisma's exclude each other. */
const MIGRATE_LOCK_KEY = 72707369

function checksumOf(script: string): string {
  return createHash('sha256').update(script, 'utf8').digest('hex')
}

/** Like Prisma: a script still matches when git only changed its line endings. */
function matchesChecksum(script: string, checksum: string): boolean {
  const variants = [script, script.replace(/\r\n/g, '\n'), script.replace(/\r?\n/g, '\r\n')]
  return variants.some((variant) => checksumOf(variant) === checksum)
}

/** Every migration folder under `dir`, in the order they apply. No folder: no migrations. */
export async function listMigrations(dir: string): Promise<Migration[]> {
  const entries = await fs.readdir(dir, { withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return []
    throw error
  })
  const names = entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
  return Promise.all(
    names.map(async (name) => {
      const directory = path.join(dir, name)
      const file = path.join(directory, 'migration.sql')
      const script = await fs.readFile(file, 'utf8').catch(() => {
        throw new MigrationError(`Migration "${name}" has no readable migration.sql (${file}).`)
      })
      return { name, directory, script, checksum: checksumOf(script) }
    }),
  )
}

type HistoryRow = {
  migration_name: string
  checksum: string
  finished_at: Date | null
  started_at: Date
  logs: string | null
}

/** Reasons not to touch the database: the same ones `prisma migrate deploy` stops for, and edits. */
function historyProblems(applied: HistoryRow[], local: Migration[]): string[] {
  const byName = new Map(local.map((migration) => [migration.name, migration]))
  const problems: string[] = []
  for (const row of applied) {
    const migration = byName.get(row.migration_name)
    if (!row.finished_at) {
      const markRolledBack =
        `UPDATE _prisma_migrations SET rolled_back_at = now()` +
        ` WHERE migration_name = '${row.migration_name}' AND finished_at IS NULL`
      problems.push(
        `Migration "${row.migration_name}" started at ${row.started_at.toISOString()} but never finished` +
          (row.logs ? ` (${row.logs.trim()})` : '') +
          `. Repair the database by hand, then mark it rolled back (${markRolledBack};` +
          ' or `prisma migrate resolve --rolled-back` where the native engine exists).',
      )
    } else if (!migration) {
      problems.push(
        `Migration "${row.migration_name}" is recorded as applied but is missing from the migrations folder.` +
          ' Restore its folder (from git) or use the matching version of the code.',
      )
    } else if (!matchesChecksum(migration.script, row.checksum)) {
      problems.push(
        `Migration "${row.migration_name}" was changed after it was applied (checksum mismatch).` +
          ' Restore its original migration.sql and put the change in a new migration.',
      )
    }
  }
  return problems
}

/**
 * Applies the pending migrations of `migrationsDir` to the database; returns their names
 * (empty when there was nothing to do). Each migration runs in its own transaction together
 * with its `_prisma_migrations` row, so a failure leaves no half-applied migration behind
 * (unless the script commits by itself: then a failure is recorded as Prisma records it).
 * A session advisory lock makes concurrent callers (several app instances) take turns.
 */
export async function applyMigrations(databaseUrl: string, migrationsDir: string): Promise<string[]> {
  const local = await listMigrations(migrationsDir)
  const client = new pg.Client({ connectionString: databaseUrl })
  await client.connect()
  try {
    const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1) AS locked', [
      MIGRATE_LOCK_KEY,
    ])
    if (!rows[0]?.locked) {
      log.info('waiting for another process to finish migrating')
      await client.query('SELECT pg_advisory_lock($1)', [MIGRATE_LOCK_KEY])
    }
    return await applyPending(client, local)
  } finally {
    // Ending the session releases the lock, whatever happened.
    await client.end()
  }
}

async function applyPending(client: pg.Client, local: Migration[]): Promise<string[]> {
  const { rows: table } = await client.query<{ exists: boolean }>(
    `SELECT to_regclass('_prisma_migrations') IS NOT NULL AS exists`,
  )
  if (!table[0]?.exists) await client.query(CREATE_MIGRATIONS_TABLE)

  // Rolled-back rows are history only, as in Prisma.
  const { rows: applied } = await client.query<HistoryRow>(
    `SELECT migration_name, checksum, finished_at, started_at, logs FROM _prisma_migrations
     WHERE rolled_back_at IS NULL ORDER BY started_at`,
  )
  const problems = historyProblems(applied, local)
  if (problems.length) {
    throw new MigrationError(`Refusing to migrate the database:\n  - ${problems.join('\n  - ')}`)
  }

  const appliedNames = new Set(applied.map((row) => row.migration_name))
  const done: string[] = []
  for (const migration of local.filter((m) => !appliedNames.has(m.name))) {
    await applyOne(client, migration)
    done.push(migration.name)
  }
  return done
}

async function applyOne(client: pg.Client, migration: Migration) {
  const id = randomUUID()
  log.info('applying migration', { migration: migration.name })
  try {
    await client.query('BEGIN')
    // The row Prisma writes: started, then one successful step, then finished.
    await client.query(
      `INSERT INTO _prisma_migrations (id, checksum, started_at, migration_name)
       VALUES ($1, $2, clock_timestamp(), $3)`,
      [id, migration.checksum, migration.name],
    )
    await client.query(migration.script)
    await client.query(
      `UPDATE _prisma_migrations
       SET applied_steps_count = applied_steps_count + 1, finished_at = clock_timestamp()
       WHERE id = $1`,
      [id],
    )
    await client.query('COMMIT')
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error)
    // Harmless when the script already ended our transaction (PostgreSQL only warns).
    await client.query('ROLLBACK')
    // Our row survives the rollback only if the script committed it itself (its own
    // BEGIN/COMMIT, as Prisma writes for some enum changes): then part of the script is
    // committed too. Checked in the database, not from the client's transaction status,
    // which is stale until the server's ready-for-query message after an error arrives.
    const { rowCount } = await client.query('SELECT 1 FROM _prisma_migrations WHERE id = $1', [id])
    if (rowCount) {
      // Record the failure on that row, as Prisma does: the database stays blocked until someone looks.
      await client.query('UPDATE _prisma_migrations SET logs = $2 WHERE id = $1', [id, reason])
      throw new MigrationError(
        `Migration "${migration.name}" failed after committing part of its script (it has its own COMMIT): ${reason}.` +
          ' Repair the database by hand, then mark it rolled back.',
        { cause: error },
      )
    }
    // Keep a trace of the attempt. It is marked rolled back (nothing of it stayed), which is
    // also how Prisma reads it: history only, the migration is still pending.
    await client.query(
      `INSERT INTO _prisma_migrations (id, checksum, started_at, migration_name, logs, rolled_back_at)
       VALUES ($1, $2, clock_timestamp(), $3, $4, clock_timestamp())`,
      [id, migration.checksum, migration.name, reason],
    )
    throw new MigrationError(`Migration "${migration.name}" failed and was rolled back: ${reason}`, {
      cause: error,
    })
  }
}
