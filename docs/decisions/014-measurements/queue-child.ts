// Child worker that starts a job and hangs (killed with SIGKILL by the parent).
import { run } from 'graphile-worker'
import { setDatabaseUrl } from '~/modules/db/db.server'
import { registerOutboxHandler, startOutboxWorker } from '~/modules/outbox/outbox.server'

const [mode, url] = process.argv.slice(2) as [string, string]
const hang = () => { console.log('JOB-STARTED'); return new Promise<void>(() => {}) }
if (mode === 'gw') {
  await run({ connectionString: url, concurrency: 1, noHandleSignals: true, taskList: { hang: async () => hang() } })
} else {
  setDatabaseUrl(url)
  registerOutboxHandler('payment', async () => hang(), { concurrency: 1, timeoutMs: 3_600_000 })
  startOutboxWorker()
}
