import { PassThrough } from 'node:stream'
import { createReadableStreamFromReadable, type EntryContext } from '@remix-run/node'
import { RemixServer } from '@remix-run/react'
import { isbot } from 'isbot'
import { renderToPipeableStream } from 'react-dom/server'
import { I18nextProvider } from 'react-i18next'
import { getLanguage, pageI18n } from '~/modules/i18n/i18n.server'
import { log } from '~/modules/runtime/logger.server'
import { requestContext } from '~/modules/runtime/request-context.server'
import { startServices } from '~/modules/composition/services.server'
import { NonceProvider } from '~/utils/nonce'

// Under `vite dev` this starts the services on first load (once per process). A production
// build never does: `npm start` (app/cli/serve.ts) starts them before loading it, and the
// HTTP integration tests bring their own.
if (import.meta.env.DEV) await startServices({ seed: true, worker: true, search: true })

const ABORT_DELAY = 5_000

/**
 * Retry-After of the Response a loader or action failed with (503 while the database is down,
 * composition/http-app.server.ts). Remix keeps a failed route's headers out of the page unless
 * every route between it and its boundary exports `headers`; this passes that one header on.
 */
function failedRouteRetryAfter({ staticHandlerContext: context }: EntryContext): string | null {
  if (!context.errors) return null
  for (const match of context.matches) {
    const { id } = match.route
    // As Remix tells them apart: a route with headers but no data is one that failed.
    const failedAction = context.actionData?.[id] === undefined ? context.actionHeaders[id] : undefined
    const failedLoader = context.loaderData[id] === undefined ? context.loaderHeaders[id] : undefined
    const retryAfter = (failedAction ?? failedLoader)?.get('Retry-After')
    if (retryAfter) return retryAfter
  }
  return null
}

export default async function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
) {
  const retryAfter = failedRouteRetryAfter(remixContext)
  if (retryAfter && !responseHeaders.has('Retry-After')) responseHeaders.set('Retry-After', retryAfter)
  const lng = await getLanguage(request)
  const i18n = await pageI18n(lng)

  // The page's inline scripts carry the nonce its Content-Security-Policy names (none under `vite dev`).
  const nonce = requestContext()?.nonce ?? ''
  const waitForAll = isbot(request.headers.get('user-agent') ?? '') || remixContext.isSpaMode
  return new Promise((resolve, reject) => {
    let shellRendered = false
    const { pipe, abort } = renderToPipeableStream(
      <NonceProvider value={nonce}>
        <I18nextProvider i18n={i18n}>
          <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
        </I18nextProvider>
      </NonceProvider>,
      {
        nonce,
        [waitForAll ? 'onAllReady' : 'onShellReady']() {
          shellRendered = true
          const body = new PassThrough()
          responseHeaders.set('Content-Type', 'text/html; charset=utf-8')
          resolve(
            new Response(createReadableStreamFromReadable(body), {
              headers: responseHeaders,
              status: responseStatusCode,
            }),
          )
          pipe(body)
        },
        onShellError(error: unknown) {
          reject(error)
        },
        onError(error: unknown) {
          responseStatusCode = 500
          if (shellRendered) log.error('render failed', { error: error as Error })
        },
      },
    )
    setTimeout(abort, ABORT_DELAY)
  })
}

export function handleError(error: unknown, { request }: { request: Request }) {
  if (request.signal.aborted) return
  log.error('unhandled error', { error: error instanceof Error ? error : String(error), url: request.url })
}
