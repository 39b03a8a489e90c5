import { createHash, randomBytes } from 'node:crypto'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { PrismaPg } from '@prisma/adapter-pg'
import pg from 'pg'
import { afterAll, describe, expect, inject, it } from 'vitest'
import { Prisma, PrismaClient } from '~/generated/prisma/client'
import { prisma } from '~/modules/db/db.server'
import { applyMigrations, listMigrations, SCHEMA_SNAPSHOT } from '~/modules/db/migrations.server'
import { diffSchemas } from '~/modules/db/schema-engine.server'
import { testDatabaseUrl } from '../support/database'
import { databaseUrlFor, migrationsDir } from '../support/global-setup'

const adminUrl = inject('pgAdminUrl')
const schemaFile = path.join(migrationsDir, '..', 'schema.prisma')
const migrations = await listMigrations(migrationsDir)
const names = migrations.map((m) => m.name)

async function query<T extends pg.QueryResultRow>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return (await client.query<T>(sql, params)).rows
  } finally {
    await client.end()
  }
}

// Empty databases (not the template's copies): these tests are about building one.
const created: string[] = []
async function emptyDatabase(): Promise<string> {
  const name = `t_${randomBytes(6).toString('hex')}`
  await query(adminUrl, `CREATE DATABASE "${name}"`)
  created.push(name)
  return databaseUrlFor(adminUrl, name)
}

const temporaryDirs: string[] = []
/** A copy of prisma/migrations that a test may break. */
async function migrationsCopy(): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'caunoi-migrations-'))
  temporaryDirs.push(dir)
  await fs.cp(migrationsDir, dir, { recursive: true })
  return dir
}

afterAll(async () => {
  for (const name of created) await query(adminUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)
  for (const dir of temporaryDirs) await fs.rm(dir, { recursive: true, force: true })
})

type HistoryRow = {
  id: string
  checksum: string
  finished_at: Date | null
  migration_name: string
  logs: string | null
  rolled_back_at: Date | null
  started_at: Date
  applied_steps_count: number
}
const history = (url: string) => query<HistoryRow>(url, 'SELECT * FROM _prisma_migrations ORDER BY started_at')

describe('applyMigrations', () => {
  it('applies every migration to an empty database and records them exactly as Prisma does', async () => {
    expect(names.length).toBeGreaterThan(0)
    const url = await emptyDatabase()

    expect(await applyMigrations(url, migrationsDir)).toEqual(names)

    // Prisma's table, column for column (prisma-engines, PostgreSQL create_migrations_table).
    const columns = await query(
      url,
      `SELECT column_name, data_type, character_maximum_length AS length, is_nullable, column_default
       FROM information_schema.columns WHERE table_name = '_prisma_migrations' ORDER BY ordinal_position`,
    )
    expect(columns).toEqual([
      { column_name: 'id', data_type: 'character varying', length: 36, is_nullable: 'NO', column_default: null },
      { column_name: 'checksum', data_type: 'character varying', length: 64, is_nullable: 'NO', column_default: null },
      { column_name: 'finished_at', data_type: 'timestamp with time zone', length: null, is_nullable: 'YES', column_default: null },
      { column_name: 'migration_name', data_type: 'character varying', length: 255, is_nullable: 'NO', column_default: null },
      { column_name: 'logs', data_type: 'text', length: null, is_nullable: 'YES', column_default: null },
      { column_name: 'rolled_back_at', data_type: 'timestamp with time zone', length: null, is_nullable: 'YES', column_default: null },
      { column_name: 'started_at', data_type: 'timestamp with time zone', length: null, is_nullable: 'NO', column_default: 'now()' },
      { column_name: 'applied_steps_count', data_type: 'integer', length: null, is_nullable: 'NO', column_default: '0' },
    ])
    const primaryKey = await query(
      url,
      `SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
       WHERE i.indrelid = '_prisma_migrations'::regclass AND i.indisprimary`,
    )
    expect(primaryKey).toEqual([{ attname: 'id' }])

    const rows = await history(url)
    expect(rows.map((row) => row.migration_name)).toEqual(names)
    for (const row of rows) {
      const script = await fs.readFile(path.join(migrationsDir, row.migration_name, 'migration.sql'))
      expect(row.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
      expect(row.checksum).toBe(createHash('sha256').update(script).digest('hex'))
      expect(row.finished_at).toBeInstanceOf(Date)
      expect(row.finished_at!.getTime()).toBeGreaterThanOrEqual(row.started_at.getTime())
      expect(row.logs).toBeNull()
      expect(row.rolled_back_at).toBeNull()
      expect(row.applied_steps_count).toBe(1)
    }
  })

  it('does nothing when run again', async () => {
    const url = await emptyDatabase()
    await applyMigrations(url, migrationsDir)
    const before = await history(url)

    expect(await applyMigrations(url, migrationsDir)).toEqual([])
    expect(await history(url)).toEqual(before)
  })

  it('refuses a migration that was changed after it was applied', async () => {
    const dir = await migrationsCopy()
    const url = await emptyDatabase()
    await applyMigrations(url, dir)
    await fs.appendFile(path.join(dir, names[0]!, 'migration.sql'), '\n-- an edit after the fact\n')

    await expect(applyMigrations(url, dir)).rejects.toThrow(`Migration "${names[0]}" was changed after it was applied`)
  })

  it('accepts an applied migration whose line endings git changed', async () => {
    const dir = await migrationsCopy()
    const url = await emptyDatabase()
    await applyMigrations(url, dir)
    const file = path.join(dir, names[0]!, 'migration.sql')
    await fs.writeFile(file, (await fs.readFile(file, 'utf8')).replace(/\n/g, '\r\n'))

    expect(await applyMigrations(url, dir)).toEqual([])
  })

  it('refuses when an applied migration is missing from the folder', async () => {
    const dir = await migrationsCopy()
    const url = await emptyDatabase()
    await applyMigrations(url, dir)
    await fs.rm(path.join(dir, names[0]!), { recursive: true })

    await expect(applyMigrations(url, dir)).rejects.toThrow(
      `Migration "${names[0]}" is recorded as applied but is missing from the migrations folder`,
    )
  })

  it('refuses while an unfinished migration is recorded (as Prisma leaves a failed one)', async () => {
    const url = await emptyDatabase()
    await applyMigrations(url, migrationsDir)
    await query(
      url,
      `INSERT INTO _prisma_migrations (id, checksum, migration_name, logs) VALUES ($1, $2, $3, $4)`,
      ['00000000-0000-4000-8000-000000000000', '0'.repeat(64), '29991231000000_broken', 'syntax error'],
    )

    await expect(applyMigrations(url, migrationsDir)).rejects.toThrow(
      /Migration "29991231000000_broken" started at .* but never finished \(syntax error\)/,
    )
  })

  it('rolls a failing migration back entirely and leaves it pending', async () => {
    const dir = await migrationsCopy()
    const url = await emptyDatabase()
    const broken = path.join(dir, '29991231000000_broken')
    await fs.mkdir(broken)
    await fs.writeFile(path.join(broken, 'migration.sql'), 'CREATE TABLE "Broken" (id int);\nSELECT 1 / 0;\n')

    await expect(applyMigrations(url, dir)).rejects.toThrow(
      'Migration "29991231000000_broken" failed and was rolled back: division by zero',
    )
    // Earlier migrations of the same run stay applied; nothing of the failed one does.
    const [table] = await query<{ broken: string | null }>(url, `SELECT to_regclass('"Broken"')::text AS broken`)
    expect(table!.broken).toBeNull()
    const attempt = (await history(url)).find((row) => row.migration_name === '29991231000000_broken')
    expect(attempt).toMatchObject({ finished_at: null, applied_steps_count: 0, logs: 'division by zero' })
    expect(attempt!.rolled_back_at).toBeInstanceOf(Date)

    await fs.writeFile(path.join(broken, 'migration.sql'), 'CREATE TABLE "Broken" (id int);\n')
    expect(await applyMigrations(url, dir)).toEqual(['29991231000000_broken'])
  })

  it('records a failure after the script committed by itself as failed, and then refuses', async () => {
    const dir = await migrationsCopy()
    const url = await emptyDatabase()
    const name = '29991231000000_own_transaction'
    await fs.mkdir(path.join(dir, name))
    await fs.writeFile(
      path.join(dir, name, 'migration.sql'),
      'BEGIN;\nCREATE TABLE "Committed" (id int);\nCOMMIT;\nSELECT 1 / 0;\n',
    )

    await expect(applyMigrations(url, dir)).rejects.toThrow(`Migration "${name}" failed after committing part`)
    const [table] = await query<{ committed: string | null }>(url, `SELECT to_regclass('"Committed"')::text AS committed`)
    expect(table!.committed).toBe('"Committed"')
    const rows = (await history(url)).filter((row) => row.migration_name === name)
    expect(rows).toEqual([expect.objectContaining({ finished_at: null, rolled_back_at: null, logs: 'division by zero' })])
    await expect(applyMigrations(url, dir)).rejects.toThrow(`Migration "${name}" started at`)
  })

  it('applies a script with its own BEGIN/COMMIT (as Prisma writes for enum changes)', async () => {
    const dir = await migrationsCopy()
    const url = await emptyDatabase()
    const name = '29991231000000_own_transaction'
    await fs.mkdir(path.join(dir, name))
    await fs.writeFile(path.join(dir, name, 'migration.sql'), 'BEGIN;\nCREATE TABLE "Committed" (id int);\nCOMMIT;\n')

    expect(await applyMigrations(url, dir)).toEqual([...names, name])
    expect((await history(url)).at(-1)).toMatchObject({ migration_name: name, applied_steps_count: 1, logs: null })
    expect(await applyMigrations(url, dir)).toEqual([])
  })

  it('lets two concurrent runs on one database apply each migration once', async () => {
    const url = await emptyDatabase()

    const results = await Promise.all([applyMigrations(url, migrationsDir), applyMigrations(url, migrationsDir)])

    expect(results.map((applied) => applied.length).sort()).toEqual([0, names.length])
    expect((await history(url)).map((row) => row.migration_name)).toEqual(names)
  })
})

describe('schema and migrations', () => {
  it('have not drifted: the last migration was generated from the current prisma/schema.prisma', async () => {
    const last = migrations.at(-1)!
    const snapshot = await fs.readFile(path.join(last.directory, SCHEMA_SNAPSHOT), 'utf8')
    const current = await fs.readFile(schemaFile, 'utf8')

    const sql = await diffSchemas(snapshot, current, adminUrl)

    expect(sql, 'prisma/schema.prisma changed without a migration: run npm run db:migration:new -- <name>').toBe('')
  })

  it('build a database that serves every model of the client', async () => {
    const url = await emptyDatabase()
    await applyMigrations(url, migrationsDir)
    const client = new PrismaClient({ adapter: new PrismaPg({ connectionString: url }) })
    type Delegate = { findMany: (args: { take: number }) => Promise<unknown[]> }
    const delegates = client as unknown as Record<string, Delegate | undefined>
    try {
      const models = Object.values(Prisma.ModelName)
      expect(models.length).toBeGreaterThan(0)
      for (const model of models) {
        const delegate = delegates[model.charAt(0).toLowerCase() + model.slice(1)]
        expect(delegate?.findMany, model).toBeTypeOf('function')
        await expect(delegate!.findMany({ take: 1 }), model).resolves.toEqual([])
      }
    } finally {
      await client.$disconnect()
    }
  })
})

describe('test harness', () => {
  it('gives this file its own migrated copy of the template, used by the app client', async () => {
    const [row] = await prisma.$queryRaw<{ name: string }[]>`SELECT current_database() AS name`
    expect(row!.name).toMatch(/^t_[0-9a-f]{12}$/)
    expect(testDatabaseUrl()).toContain(`/${row!.name}`)
    const applied = await query<{ migration_name: string }>(
      testDatabaseUrl(),
      'SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL ORDER BY migration_name',
    )
    expect(applied.map((r) => r.migration_name)).toEqual(names)
  })
})
