import { execFile, spawn } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { promisify } from 'node:util'
import pg from 'pg'

// Backups with PostgreSQL's own tools (Debian's postgresql-client; the embedded server ships
// none): pg_dump's custom format, and a restore that replaces the whole `public` schema in one
// transaction, so a failed restore leaves the database as it was. See
// docs/decisions/013-database-outage-and-backups.md.

const run = promisify(execFile)

export type ClientTool = 'pg_dump' | 'pg_restore' | 'psql'

/** A problem the operator must fix (a missing tool, a bad file); its message says how. */
export class BackupError extends Error {}

/** URL query parameters libpq understands; Prisma's own (`schema`, `connection_limit`…) would make it refuse the URL. */
const LIBPQ_PARAMETERS = new Set(['sslmode', 'sslrootcert', 'sslcert', 'sslkey', 'application_name', 'options', 'connect_timeout', 'target_session_attrs'])

/**
 * How the client tools reach the database: the URL without its password (any user of the
 * machine can read a process's arguments), the password in PGPASSWORD.
 */
export function toolConnection(databaseUrl: string): { dbname: string; env: NodeJS.ProcessEnv } {
  const url = new URL(databaseUrl)
  const password = decodeURIComponent(url.password)
  url.password = ''
  for (const name of [...url.searchParams.keys()]) if (!LIBPQ_PARAMETERS.has(name)) url.searchParams.delete(name)
  return { dbname: url.toString(), env: { ...process.env, PGPASSWORD: password, PGCONNECT_TIMEOUT: '10' } }
}

/** "pg_dump (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)" → 15. */
export function majorVersionOf(versionOutput: string): number | null {
  const match = /\(PostgreSQL\)\s+(\d+)/.exec(versionOutput)
  return match ? Number(match[1]) : null
}

async function serverMajorVersion(databaseUrl: string): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl })
  await client.connect()
  try {
    const { rows } = await client.query<{ server_version_num: string }>('SHOW server_version_num')
    return Math.floor(Number(rows[0]!.server_version_num) / 10_000)
  } finally {
    await client.end()
  }
}

/**
 * Refuses, with what to install, when a tool is missing or older than the server: pg_dump
 * refuses a newer server, and an older pg_restore or psql may not read what it wrote.
 */
export async function checkClientTools(databaseUrl: string, tools: readonly ClientTool[]): Promise<{ serverVersion: number }> {
  const serverVersion = await serverMajorVersion(databaseUrl)
  const install = `install PostgreSQL's client tools, version ${serverVersion} or newer (Debian: apt-get install -y postgresql-client)`
  for (const tool of tools) {
    let output: string
    try {
      output = (await run(tool, ['--version'])).stdout
    } catch (error) {
      const missing = (error as NodeJS.ErrnoException).code === 'ENOENT'
      throw new BackupError(missing ? `${tool} was not found on PATH: ${install}.` : `${tool} --version failed: ${(error as Error).message}`)
    }
    const version = majorVersionOf(output)
    if (version === null) throw new BackupError(`could not read ${tool}'s version from "${output.trim()}"`)
    if (version < serverVersion) {
      throw new BackupError(`${tool} is PostgreSQL ${version}, older than the server (PostgreSQL ${serverVersion}): ${install}.`)
    }
  }
  return { serverVersion }
}

/** Runs `command` to completion; its stderr is the error's message when it fails. */
function finished(child: ReturnType<typeof spawn>, command: string): Promise<void> {
  let stderr = ''
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')))
  return new Promise((resolve, reject) => {
    child.on('error', reject)
    child.on('close', (code) => (code === 0 ? resolve() : reject(new BackupError(`${command} failed (exit ${code}): ${stderr.trim()}`))))
  })
}

/** pg_dump, custom format, into `file` (written beside it first, so a failed dump never looks complete). */
export async function backupDatabase(databaseUrl: string, file: string): Promise<{ bytes: number }> {
  await checkClientTools(databaseUrl, ['pg_dump'])
  fs.mkdirSync(path.dirname(file), { recursive: true })
  const partial = `${file}.partial`
  const { dbname, env } = toolConnection(databaseUrl)
  try {
    await finished(spawn('pg_dump', ['--format=custom', '--no-owner', '--no-privileges', `--file=${partial}`, `--dbname=${dbname}`], { env, stdio: ['ignore', 'ignore', 'pipe'] }), 'pg_dump')
    fs.renameSync(partial, file)
  } finally {
    fs.rmSync(partial, { force: true })
  }
  return { bytes: fs.statSync(file).size }
}

/**
 * Replaces the database's contents with the dump's: pg_restore turns the archive into SQL,
 * psql runs it after dropping and recreating the `public` schema, all in one transaction.
 * Tables a newer version added are dropped too (the migrations bring them back, empty).
 */
export async function restoreDatabase(databaseUrl: string, file: string): Promise<void> {
  if (!fs.existsSync(file) || !fs.statSync(file).isFile()) throw new BackupError(`${file}: no such file`)
  await checkClientTools(databaseUrl, ['pg_restore', 'psql'])
  // A file that is not a custom-format dump: pg_restore says so before anything is dropped.
  await run('pg_restore', ['--list', file]).catch((error: { stderr?: string }) => {
    throw new BackupError(`${file} is not a pg_dump custom-format archive: ${String(error.stderr ?? '').trim()}`)
  })
  const { dbname, env } = toolConnection(databaseUrl)
  const psql = spawn('psql', ['--no-psqlrc', '--quiet', '--set=ON_ERROR_STOP=1', '--single-transaction', '--file=-', `--dbname=${dbname}`], {
    env,
    stdio: ['pipe', 'ignore', 'pipe'],
  })
  const restore = spawn('pg_restore', ['--no-owner', '--no-privileges', '--file=-', file], { stdio: ['ignore', 'pipe', 'pipe'] })
  const psqlDone = finished(psql, 'psql')
  const restoreDone = finished(restore, 'pg_restore')
  // Whichever fails first is the reason; the other is stopped (a psql stopped before its
  // COMMIT rolls back, a pg_restore whose reader is gone would wait forever).
  let firstFailure: unknown
  const stopOther = (other: ReturnType<typeof spawn>) => (error: unknown) => {
    firstFailure ??= error
    other.kill('SIGTERM')
  }
  psql.stdin.on('error', () => {}) // a psql that stopped reading says why in its exit
  psql.stdin.write('DROP SCHEMA IF EXISTS public CASCADE;\nCREATE SCHEMA public;\n')
  // The end of the script is psql's COMMIT: it comes only once pg_restore wrote all of it.
  restore.stdout.pipe(psql.stdin, { end: false })
  restoreDone.then(() => psql.stdin.end(), stopOther(psql))
  psqlDone.catch(stopOther(restore))
  await Promise.allSettled([restoreDone, psqlDone])
  if (firstFailure) throw firstFailure
}
