import { disconnectDb, setDatabaseUrl } from '~/modules/db/db.server'
import { applyMigrations } from '~/modules/db/migrations.server'
import { startOutboxWorker } from '~/modules/outbox/outbox.server'
import { connectSearch } from '~/modules/search/client.server'
import { recheckSearchNow, startSearchSync } from '~/modules/search/sync.server'
import { startEmbeddedMeilisearch, type MeilisearchHandle } from '~/modules/search/meilisearch-process.server'
import { loadReferenceAndDemoData } from './demo-data.server'
import { getEnv } from '~/modules/runtime/env.server'
import { log } from '~/modules/runtime/logger.server'
import { announceDataDir } from '~/modules/runtime/data-dir.server'
import { reportServiceStatus, type ServiceStatus } from '~/modules/runtime/supervisor.server'
import { defineSchedules } from './schedules.server'
import { startScheduler } from '~/modules/outbox/schedule.server'
import { migrationsDir } from '~/modules/runtime/paths.server'
import { ensureDatabase, startEmbeddedPostgres, type EmbeddedPostgresHandle } from '~/modules/runtime/postgres.server'
// Outbox handlers register themselves on import.
import '~/modules/email/mailer.server'
import '~/modules/accounts/accounts.server'
// Payment providers (bank transfer, Stripe) register themselves with the payments service.
import '~/modules/payments/providers.server'

// Starts what the app needs: the database (embedded unless DATABASE_URL is set) with its
// migrations applied, then optionally the demo data and the outbox worker. The app, the
// CLI commands and the test harness all come through here. Embedded servers this process
// starts are supervised (restarted when they exit unexpectedly) and stopped last, in order:
// Meilisearch, then PostgreSQL (docs/decisions/012-supervision-and-drain.md).

export const APP_DATABASE = 'caunoi'

export type ServiceOptions = {
  migrate?: boolean
  /** load the occupation taxonomy and (unless DEMO_DATA=off) the demo data into an empty database */
  seed?: boolean
  /** run the outbox worker in this process */
  worker?: boolean
  /** connect to Meilisearch (MEILI_HOST, or the embedded server, started if needed) */
  search?: boolean
}

export type Runtime = {
  databaseUrl: string
  embedded: EmbeddedPostgresHandle | null
  meilisearch: MeilisearchHandle | null
  stop: () => Promise<void>
  /** see signalServicesToStop */
  signalStop: () => void
}

const globalForRuntime = globalThis as unknown as { __runtime?: Promise<Runtime>; __signalStop?: () => void }

export function startServices(options: ServiceOptions = {}): Promise<Runtime> {
  // One runtime per process, even when Vite re-evaluates modules in development.
  globalForRuntime.__runtime ??= start(options).then((runtime) => {
    globalForRuntime.__signalStop = runtime.signalStop
    return runtime
  }, (error: unknown) => {
    globalForRuntime.__runtime = undefined
    throw error
  })
  return globalForRuntime.__runtime
}

async function start({ migrate = true, seed = false, worker = false, search = false }: ServiceOptions): Promise<Runtime> {
  const env = getEnv()
  announceDataDir(env)
  let embedded: EmbeddedPostgresHandle | null = null
  let databaseUrl = env.DATABASE_URL
  if (!databaseUrl) {
    embedded = await startEmbeddedPostgres(env.dataDir, { supervise: true })
    await ensureDatabase(embedded.urlFor('postgres'), APP_DATABASE)
    databaseUrl = embedded.urlFor(APP_DATABASE)
  }
  setDatabaseUrl(databaseUrl)
  let meilisearch: MeilisearchHandle | null = null
  try {
    if (migrate) {
      const applied = await applyMigrations(databaseUrl, migrationsDir)
      if (applied.length) log.info('migrations applied', { applied })
    }
    if (seed) await loadReferenceAndDemoData({ demo: env.DEMO_DATA === 'on' })
    meilisearch =
      search && !env.MEILI_HOST
        ? await startEmbeddedMeilisearch(env.dataDir, {
            binary: env.MEILI_BIN,
            supervise: true,
            // Same data, maybe another port: reconnect, and let the sync re-check at once
            // (woken entries, a rebuild if the index was lost) instead of at its next poll.
            onRestarted: async (handle) => {
              await connectSearch(handle.host, handle.masterKey)
              recheckSearchNow()
            },
          })
        : null
    if (search) await connectSearch(env.MEILI_HOST ?? meilisearch!.host, env.MEILI_HOST ? env.MEILI_MASTER_KEY : meilisearch!.masterKey)
  } catch (error) {
    // A failed start (e.g. a refused migration) must not leave the servers it started behind.
    await disconnectDb()
    await meilisearch?.stop()
    await embedded?.stop()
    throw error
  }
  // Index settings, the first build of an empty index, and recovery after an outage.
  const stopSearchSync = search ? startSearchSync() : null
  const stopWorker = worker && env.OUTBOX_WORKER === 'on' ? startOutboxWorker() : null
  // Scheduled tasks (listing expiry, …) are recorded wherever the outbox worker runs, and run once per slot.
  if (stopWorker) defineSchedules()
  const stopScheduler = stopWorker ? startScheduler() : null
  const stop = async () => {
    stopScheduler?.()
    await stopSearchSync?.()
    await stopWorker?.()
    await disconnectDb()
    await meilisearch?.stop()
    await embedded?.stop()
  }
  reportServiceStatus('postgres', embedded ? embedded.status : externalStatus)
  if (search) reportServiceStatus('meilisearch', meilisearch ? meilisearch.status : externalStatus)
  const signalStop = () => {
    meilisearch?.signalStop()
    embedded?.signalStop()
  }
  return { databaseUrl, embedded, meilisearch, stop, signalStop }
}

// Not ours to restart: the clients reconnect once the server is back.
const externalStatus = (): ServiceStatus => ({ mode: 'external', state: 'running', restarts: 0, since: new Date(0).toISOString() })

/**
 * For a forced exit that cannot wait: tell the servers this process owns to stop (they shut
 * down on their own after this process has gone). Synchronous, so it also works from 'exit'.
 */
export function signalServicesToStop(): void {
  globalForRuntime.__signalStop?.()
}

export async function stopServices() {
  const runtime = await globalForRuntime.__runtime?.catch(() => undefined)
  globalForRuntime.__runtime = undefined
  await runtime?.stop()
  globalForRuntime.__signalStop = undefined
}
