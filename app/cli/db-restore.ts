// npm run db:restore -- <file>
//
// Replaces the database's contents with a dump made by `npm run db:backup` (all of it, in one
// transaction: a failed restore changes nothing), applies this version's pending migrations,
// then rebuilds the search indexes from the restored rows. Works on the embedded PostgreSQL
// of the data folder (started when stopped) or DATABASE_URL, and on the embedded Meilisearch
// or MEILI_HOST. Stop the app first (README, "Restore drill"). Needs pg_restore and psql at
// least as new as the server (Debian: postgresql-client).
// Exit code 0 on success, 1 on failure, 2 on bad usage.

import path from 'node:path'
import { startServices } from '~/modules/composition/services.server'
import { restoreDatabase } from '~/modules/db/backup.server'
import { applyMigrations } from '~/modules/db/migrations.server'
import { migrationsDir } from '~/modules/runtime/paths.server'
import { reindexAll } from '~/modules/search/sync.server'
import { runCommand } from './command'

process.env.LOG_LEVEL ??= 'warn'

const USAGE = 'usage: npm run db:restore -- <file>   (a dump made by npm run db:backup)'

async function main(args: string[]): Promise<number> {
  if (args.length !== 1 || args[0]!.startsWith('-')) {
    process.stderr.write(`${USAGE}\n`)
    return 2
  }
  const file = path.resolve(args[0]!)
  // migrate: false — the migrations run after the restore, on the restored schema.
  const { databaseUrl } = await startServices({ migrate: false, search: true })
  const started = Date.now()
  await restoreDatabase(databaseUrl, file)
  process.stdout.write(`Restored ${file} in ${((Date.now() - started) / 1000).toFixed(1)} s.\n`)
  const applied = await applyMigrations(databaseUrl, migrationsDir)
  if (applied.length) process.stdout.write(`Applied ${applied.length} migration(s) newer than the backup: ${applied.join(', ')}\n`)
  const reindexed = await reindexAll()
  process.stdout.write(`Rebuilt search: ${reindexed.needs} needs and ${reindexed.offers} offers in ${(reindexed.ms / 1000).toFixed(1)} s.\n`)
  return 0
}

runCommand('db:restore', main)
