// npm run db:backup [-- <file>]
//
// Dumps the database (pg_dump, custom format) to <file>, by default
// $DATA_DIR/backups/caunoi-<UTC date and time>.dump. Works whether the app is running or not:
// the embedded PostgreSQL of the data folder (started for the occasion when it is stopped) or
// DATABASE_URL. Needs pg_dump at least as new as the server (Debian: postgresql-client).
// Exit code 0 on success, 1 on failure, 2 on bad usage.

import path from 'node:path'
import { startServices } from '~/modules/composition/services.server'
import { backupDatabase } from '~/modules/db/backup.server'
import { getEnv } from '~/modules/runtime/env.server'
import { runCommand } from './command'

process.env.LOG_LEVEL ??= 'warn'

const USAGE = 'usage: npm run db:backup [-- <file>]   (default: $DATA_DIR/backups/caunoi-<date>.dump)'

function defaultFile(dataDir: string): string {
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15)
  return path.join(dataDir, 'backups', `caunoi-${stamp}.dump`)
}

async function main(args: string[]): Promise<number> {
  if (args.length > 1 || args.some((arg) => arg.startsWith('-'))) {
    process.stderr.write(`${USAGE}\n`)
    return 2
  }
  const file = path.resolve(args[0] ?? defaultFile(getEnv().dataDir))
  // migrate: false — a backup takes the database as it is, before this version changes it.
  const { databaseUrl } = await startServices({ migrate: false })
  const started = Date.now()
  const { bytes } = await backupDatabase(databaseUrl, file)
  process.stdout.write(`Backed up the database to ${file} (${(bytes / 1024 / 1024).toFixed(1)} MB) in ${((Date.now() - started) / 1000).toFixed(1)} s.\n`)
  return 0
}

runCommand('db:backup', main)
