import { execFile } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { checkClientTools, restoreDatabase } from '~/modules/db/backup.server'
import { prisma } from '~/modules/db/db.server'
import { importDocument } from '~/modules/import/import.server'
import { projectRoot } from '~/modules/runtime/paths.server'
import { searchAdmin } from '~/modules/search/client.server'
import { indexName, INDEX_KINDS, setIndexPrefix } from '~/modules/search/indexes.server'
import { prepareSearch } from '~/modules/search/sync.server'
import { buildMarketplace } from '../factories/listings'
import { makeUser } from '../factories/users'
import { testDatabaseUrl } from '../support/database'
import { drainOutbox, startTestSearch, type TestSearch } from '../support/search'

// Issue 15: `npm run db:backup` → wipe → `npm run db:restore` gives back the same rows and a
// working search. The commands run as the operator runs them (child processes), against this
// file's database (DATABASE_URL) and its own Meilisearch (MEILI_HOST). Needs Debian's
// postgresql-client (pg_dump, pg_restore, psql), which .ci/run installs.

const run = promisify(execFile)
let search: TestSearch
let workDir: string
const backupFile = () => path.join(workDir, 'backups', 'round-trip.dump')

/** Runs an `npm run` command's script the way npm does (from the project folder), against this file's services. */
function command(script: 'db-backup' | 'db-restore', args: string[]) {
  return run(path.join(projectRoot, 'node_modules/.bin/tsx'), [`app/cli/${script}.ts`, ...args], {
    cwd: projectRoot,
    timeout: 90_000,
    env: {
      ...process.env,
      DATABASE_URL: testDatabaseUrl(),
      MEILI_HOST: search.handle.host,
      MEILI_MASTER_KEY: search.handle.masterKey,
      DATA_DIR: workDir,
      OUTBOX_WORKER: 'off',
      LOG_LEVEL: 'warn',
    },
  })
}

type Snapshot = Record<string, { count: number; ids: string[] }>

async function snapshot(): Promise<Snapshot> {
  const ids = (rows: { id: string }[]) => rows.map((row) => row.id)
  const [organizations, needs, offers, users, occupations] = await Promise.all([
    prisma.organization.findMany({ select: { id: true }, orderBy: { id: 'asc' } }),
    prisma.need.findMany({ select: { id: true }, orderBy: { id: 'asc' } }),
    prisma.offer.findMany({ select: { id: true }, orderBy: { id: 'asc' } }),
    prisma.user.findMany({ select: { id: true }, orderBy: { id: 'asc' } }),
    prisma.occupation.findMany({ select: { id: true }, orderBy: { id: 'asc' } }),
  ])
  return Object.fromEntries(
    Object.entries({ organizations, needs, offers, users, occupations }).map(([table, rows]) => [table, { count: rows.length, ids: ids(rows) }]),
  )
}

async function searchNeedIds(text: string): Promise<string[]> {
  const result = await searchAdmin().index(indexName('needs')).search(text, { limit: 50 })
  return result.hits.map((hit) => String(hit.id))
}

beforeAll(async () => {
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'caunoi-backup-'))
  search = await startTestSearch({ prepare: false })
  // The commands use the default index names; this Meilisearch is the file's own.
  setIndexPrefix('caunoi_')
  await prepareSearch()
  const result = await importDocument(buildMarketplace({ colleges: 2, businesses: 2, experts: 1 }))
  if (!result.ok) throw new Error(JSON.stringify(result.errors))
  await makeUser({ email: 'backup-owner@example.vn', password: 'mat-khau-dai-du-1' })
  await drainOutbox()
}, 120_000)

afterAll(async () => {
  await search?.stop()
  fs.rmSync(workDir, { recursive: true, force: true })
})

describe('db:backup and db:restore', () => {
  let before: Snapshot
  let needTitle: string
  let needId: string

  it('backs up the database to a custom-format dump', async () => {
    before = await snapshot()
    expect(before.needs!.count).toBeGreaterThan(0)
    const need = await prisma.need.findFirstOrThrow({ orderBy: { id: 'asc' } })
    needTitle = need.title
    needId = need.id
    expect(await searchNeedIds(needTitle)).toContain(needId)

    const { stdout, stderr } = await command('db-backup', [backupFile()])
    expect(stdout).toMatch(/^Backed up the database to .*round-trip\.dump/)
    expect(stderr).toContain(`"dataDir":"${workDir}"`)
    expect(fs.readFileSync(backupFile()).subarray(0, 5).toString('latin1')).toBe('PGDMP')
  })

  it('restores the same rows and a working search after the database and the indexes were wiped', async () => {
    await prisma.$executeRawUnsafe('DROP SCHEMA public CASCADE')
    await prisma.$executeRawUnsafe('CREATE SCHEMA public')
    for (const kind of INDEX_KINDS) await searchAdmin().deleteIndex(indexName(kind)).waitTask()

    const started = Date.now()
    const { stdout } = await command('db-restore', [backupFile()])
    console.info(`db:restore (restore, migrations, reindex) took ${Date.now() - started} ms`)
    expect(stdout).toContain('Restored ')
    expect(stdout).toContain(`Rebuilt search: ${before.needs!.count} needs`)
    expect(await snapshot()).toEqual(before)
    expect(await searchNeedIds(needTitle)).toContain(needId)
  })

  it('changes nothing when the dump is damaged halfway', async () => {
    const damaged = path.join(workDir, 'damaged.dump')
    // Zeros over the table data near the end: the table of contents at the start still reads,
    // so pg_restore fails midway, after psql has dropped the schema in its transaction.
    const dump = fs.readFileSync(backupFile())
    dump.fill(0, Math.floor(dump.length * 0.85), Math.floor(dump.length * 0.95))
    fs.writeFileSync(damaged, dump)
    await expect(restoreDatabase(testDatabaseUrl(), damaged)).rejects.toThrow(/pg_restore failed|psql failed/)
    expect(await snapshot()).toEqual(before)
  })

  it('refuses clearly when a client tool is missing or older than the server', async () => {
    const tools = path.join(workDir, 'old-tools')
    fs.mkdirSync(tools)
    const savedPath = process.env.PATH
    try {
      process.env.PATH = tools
      await expect(checkClientTools(testDatabaseUrl(), ['pg_dump'])).rejects.toThrow(/pg_dump was not found on PATH: .*apt-get install -y postgresql-client/)
      fs.writeFileSync(path.join(tools, 'pg_dump'), '#!/bin/sh\necho "pg_dump (PostgreSQL) 9.6.24"\n', { mode: 0o755 })
      await expect(checkClientTools(testDatabaseUrl(), ['pg_dump'])).rejects.toThrow(/pg_dump is PostgreSQL 9, older than the server \(PostgreSQL 15\)/)
    } finally {
      process.env.PATH = savedPath
    }
  })
})
