import { ErrorBoundary as RootErrorBoundary } from '~/root'

// Unknown URLs render the localised 404 page.
export async function loader() {
  throw new Response('Not Found', { status: 404 })
}

export default function NotFound() {
  return null
}

export const ErrorBoundary = RootErrorBoundary
