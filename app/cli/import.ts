// npm run import -- <file.json> [--dry-run]
//
// Validates the whole file (every error with its JSON path, nothing written if anything is
// wrong), then upserts it by key in one transaction and prints what was created, updated
// or unchanged per collection. Exit code 0 on success, 1 on any error, 2 on bad usage.
// Works whether the app is running or not: startServices() reuses a running embedded
// PostgreSQL (or DATABASE_URL) and only stops what it started itself.

import fs from 'node:fs'
import path from 'node:path'
import cliProgress from 'cli-progress'
import {
  importDocument,
  totalCounts,
  validateImportDocument,
  type ImportCounts,
  type ImportIssue,
} from '~/modules/import/import.server'
import { COLLECTIONS } from '~/modules/import/format'
import { startServices, stopServices } from '~/modules/composition/services.server'

// Keep stdout for the report: the runtime's info logs only with LOG_LEVEL=info.
process.env.LOG_LEVEL ??= 'warn'

const PROGRESS_THRESHOLD = 200

class CliError extends Error {}

const USAGE = `usage: npm run import -- <file.json> [--dry-run]

  Imports organisations, experts, needs and offers (format: import-format.md, versions 1 and 2; docs/import-format.md).
  --dry-run   validate only (against the file and the database); write nothing`

// ───────────────────────────── reading the file ─────────────────────────────

/** Offset and reason of the first JSON syntax error in `text` (V8's messages lack a position). */
function locateJsonError(text: string): { offset: number; reason: string } | null {
  let i = 0
  function fail(reason?: string): never {
    if (reason === undefined && i >= text.length) reason = 'unexpected end of file'
    if (reason === undefined) {
      const trailingComma = (text[i] === ']' || text[i] === '}') && /,\s*$/.test(text.slice(Math.max(0, i - 200), i))
      reason = `unexpected ${JSON.stringify(text[i])}${trailingComma ? ' (a trailing comma before it?)' : ''}`
    }
    throw { offset: i, reason }
  }
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++
  }
  const literal = (word: string) => {
    for (const char of word) {
      if (text[i] !== char) fail()
      i++
    }
  }
  const string = () => {
    i++ // opening quote
    for (;;) {
      const char = text[i]
      if (char === undefined) fail('unterminated string')
      if (char === '"') {
        i++
        return
      }
      if (char === '\\') {
        const escape = text[i + 1]
        if (escape !== undefined && '"\\/bfnrt'.includes(escape)) i += 2
        else if (escape === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) i += 6
        else {
          i++
          fail('invalid escape in string')
        }
        continue
      }
      if (char < ' ') fail('control character in string (a line break inside quotes?)')
      i++
    }
  }
  const number = () => {
    const pattern = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y
    pattern.lastIndex = i
    const match = pattern.exec(text)
    if (!match) fail()
    i = pattern.lastIndex
  }
  const value = (): void => {
    ws()
    const char = text[i]
    if (char === '{') {
      i++
      ws()
      if (text[i] === '}') return void i++
      for (;;) {
        ws()
        if (text[i] !== '"') fail('expected a "quoted" property name')
        string()
        ws()
        if (text[i] !== ':') fail("expected ':'")
        i++
        value()
        ws()
        if (text[i] === ',') {
          i++
          continue
        }
        if (text[i] === '}') return void i++
        fail("expected ',' or '}'")
      }
    }
    if (char === '[') {
      i++
      ws()
      if (text[i] === ']') return void i++
      for (;;) {
        value()
        ws()
        if (text[i] === ',') {
          i++
          continue
        }
        if (text[i] === ']') return void i++
        fail("expected ',' or ']'")
      }
    }
    if (char === '"') return string()
    if (char === 't') return literal('true')
    if (char === 'f') return literal('false')
    if (char === 'n') return literal('null')
    if (char === '-' || (char !== undefined && char >= '0' && char <= '9')) return number()
    fail()
  }
  try {
    value()
    ws()
    if (i < text.length) fail('unexpected text after the end of the document')
    return null
  } catch (error) {
    if (error && typeof error === 'object' && 'offset' in error) return error as { offset: number; reason: string }
    throw error
  }
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset)
  const line = before.split('\n').length
  return { line, column: offset - before.lastIndexOf('\n') }
}

function readJsonFile(file: string): unknown {
  let text: string
  try {
    text = fs.readFileSync(file, 'utf8')
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOENT') throw new CliError(`${file}: no such file`)
    if (code === 'EISDIR') throw new CliError(`${file}: is a directory, not a JSON file`)
    throw new CliError(`${file}: cannot read it (${(error as Error).message})`)
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1) // a byte-order mark, as spreadsheets write
  try {
    return JSON.parse(text)
  } catch (error) {
    const found = locateJsonError(text)
    if (!found) throw new CliError(`${file}: invalid JSON (${(error as Error).message})`)
    const { line, column } = lineAndColumn(text, found.offset)
    throw new CliError(`${file}:${line}:${column}: invalid JSON: ${found.reason} at line ${line}, column ${column}`)
  }
}

// ───────────────────────────── output ─────────────────────────────

function printIssues(issues: ImportIssue[], prefix = '') {
  for (const issue of issues) process.stdout.write(`${prefix}${issue.path}: ${issue.message}\n`)
}

function countsTable(counts: ImportCounts): string {
  const rows: [string, ...(string | number)[]][] = [['', 'created', 'updated', 'unchanged']]
  for (const name of COLLECTIONS) rows.push([name, counts[name].created, counts[name].updated, counts[name].unchanged])
  const total = totalCounts(counts)
  rows.push(['total', total.created, total.updated, total.unchanged])
  return rows
    .map(([label, ...cells]) => label.padEnd(14) + cells.map((c) => String(c).padStart(10)).join(''))
    .join('\n')
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`

function recordCount(doc: unknown): number {
  if (!doc || typeof doc !== 'object') return 0
  return COLLECTIONS.reduce((sum, name) => {
    const records = (doc as Record<string, unknown>)[name]
    return sum + (Array.isArray(records) ? records.length : 0)
  }, 0)
}

// ───────────────────────────── main ─────────────────────────────

async function main(argv: string[]): Promise<number> {
  const args = argv.filter((a) => a !== '--')
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(`${USAGE}\n`)
    return 0
  }
  const dryRun = args.includes('--dry-run')
  const files = args.filter((a) => !a.startsWith('--'))
  const unknownFlags = args.filter((a) => a.startsWith('--') && a !== '--dry-run')
  if (files.length !== 1 || unknownFlags.length > 0) {
    process.stderr.write(`${USAGE}\n`)
    return 2
  }
  const file = path.resolve(files[0]!)
  const started = performance.now()
  const input = readJsonFile(file)

  await startServices()

  if (dryRun) {
    const result = await validateImportDocument(input)
    printIssues(result.warnings, 'warning: ')
    if (!result.ok) {
      printIssues(result.errors)
      process.stdout.write(`\n${result.errors.length} error(s) in ${file}; it would not be imported.\n`)
      return 1
    }
    process.stdout.write(`${file} is valid: ${recordCount(input)} records (dry run, nothing written).\n`)
    return 0
  }

  const total = recordCount(input)
  const bar =
    total > PROGRESS_THRESHOLD && process.stderr.isTTY
      ? new cliProgress.SingleBar(
          { stream: process.stderr, format: 'importing [{bar}] {percentage}% | {value}/{total} records | {duration_formatted}', hideCursor: true, clearOnComplete: true },
          cliProgress.Presets.shades_classic,
        )
      : null
  const importStarted = performance.now()
  let barStarted = false
  const result = await importDocument(input, {
    onProgress: (done, all) => {
      if (!bar) return
      if (!barStarted) {
        bar.start(all, done)
        barStarted = true
      } else bar.update(done)
    },
  }).finally(() => {
    if (barStarted) bar?.stop()
  })
  const importMs = performance.now() - importStarted

  printIssues(result.warnings, 'warning: ')
  if (!result.ok) {
    printIssues(result.errors)
    process.stdout.write(`\n${result.errors.length} error(s) in ${file}; nothing was imported.\n`)
    return 1
  }
  process.stdout.write(`Imported ${file}\n\n${countsTable(result.counts)}\n\n`)
  process.stdout.write(`Done in ${seconds(performance.now() - started)} (import ${seconds(importMs)}).\n`)
  return 0
}

let stopping = false
async function shutdown(code: number): Promise<never> {
  if (!stopping) {
    stopping = true
    try {
      await stopServices()
    } catch (error) {
      process.stderr.write(`could not stop the services cleanly: ${(error as Error).message}\n`)
    }
  }
  process.exit(code)
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    process.stderr.write(`\n${signal}: stopping; the transaction is rolled back, nothing was imported.\n`)
    void shutdown(130)
  })
}

main(process.argv.slice(2)).then(
  (code) => shutdown(code),
  (error: unknown) => {
    process.stderr.write(error instanceof CliError ? `${error.message}\n` : `import failed: ${(error as Error)?.stack ?? String(error)}\n`)
    return shutdown(1)
  },
)
