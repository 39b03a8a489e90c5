// npm run search:reindex
//
// Rebuilds both search indexes from the database: each into a fresh index, swapped in when
// complete, so search keeps answering from the old one meanwhile (app/modules/search/sync.server.ts).
// Works whether the app is running or not: it uses the running embedded PostgreSQL and
// Meilisearch of the data folder (or DATABASE_URL / MEILI_HOST) and stops only what it started.

import cliProgress from 'cli-progress'
import { startServices, stopServices } from '~/modules/composition/services.server'
import { reindexAll } from '~/modules/search/sync.server'

process.env.LOG_LEVEL ??= 'warn'

async function main(): Promise<number> {
  await startServices({ search: true })
  const bar = process.stderr.isTTY
    ? new cliProgress.SingleBar(
        { stream: process.stderr, format: 'reindexing [{bar}] {percentage}% | {value}/{total} listings | {duration_formatted}', hideCursor: true },
        cliProgress.Presets.shades_classic,
      )
    : null
  let started = false
  const result = await reindexAll({
    onProgress: (done, total) => {
      if (!bar) return
      if (!started) {
        bar.start(total, done)
        started = true
      } else bar.update(done)
    },
  }).finally(() => bar?.stop())
  process.stdout.write(`Reindexed ${result.needs} needs and ${result.offers} offers in ${(result.ms / 1000).toFixed(1)} s.\n`)
  return 0
}

main().then(
  async (code) => {
    await stopServices()
    process.exit(code)
  },
  async (error: unknown) => {
    process.stderr.write(`search:reindex failed: ${(error as Error)?.message ?? String(error)}\n`)
    await stopServices().catch(() => {})
    process.exit(1)
  },
)
