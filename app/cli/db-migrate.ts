import { applyMigrations } from '~/modules/db/migrations.server'
import { migrationsDir } from '~/modules/runtime/paths.server'
import { startServices, stopServices } from '~/modules/composition/services.server'

// `npm run db:migrate`: applies pending migrations to DATABASE_URL, or to the embedded
// PostgreSQL under DATA_DIR (started for the occasion, and stopped again, when not running).

async function main(): Promise<number> {
  try {
    // migrate:false so that we run the migrations ourselves and can report their names.
    const { databaseUrl } = await startServices({ migrate: false })
    const applied = await applyMigrations(databaseUrl, migrationsDir)
    if (applied.length) {
      console.log(`Applied ${applied.length} migration(s):\n${applied.map((name) => `  ${name}`).join('\n')}`)
    } else {
      console.log('The database is up to date: no pending migrations.')
    }
    return 0
  } catch (error) {
    console.error(`Migration failed: ${error instanceof Error ? error.message : String(error)}`)
    return 1
  } finally {
    await stopServices()
  }
}

process.exit(await main())
