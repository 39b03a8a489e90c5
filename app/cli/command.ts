import { stopServices } from '~/modules/composition/services.server'

// How a one-shot command ends: with the exit code its `main` returns, and with the services
// it started (embedded PostgreSQL and Meilisearch) stopped, also when it fails.

export function runCommand(name: string, main: (args: string[]) => Promise<number>) {
  main(process.argv.slice(2).filter((arg) => arg !== '--')).then(
    async (code) => {
      await stopServices()
      process.exit(code)
    },
    async (error: unknown) => {
      process.stderr.write(`${name} failed: ${error instanceof Error ? error.message : String(error)}\n`)
      await stopServices().catch(() => {})
      process.exit(1)
    },
  )
}
