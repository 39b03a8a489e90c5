import { startEmbeddedPostgres } from '~/modules/runtime/postgres.server'
import { startEmbeddedMeilisearch } from '~/modules/search/meilisearch-process.server'

// Starts the embedded PostgreSQL and Meilisearch of a data folder (argv[2]) and holds them
// until killed, as an app would: the test kills it to leave the servers orphaned.

const dataDir = process.argv[2]!
const postgres = await startEmbeddedPostgres(dataDir)
const meilisearch = await startEmbeddedMeilisearch(dataDir)
console.log(`HOLDING ${JSON.stringify({ postgresPort: postgres.port, meilisearchPid: meilisearch.pid })}`)
setInterval(() => {}, 60_000)
