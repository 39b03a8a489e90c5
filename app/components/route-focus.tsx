import { useLocation } from '@remix-run/react'
import { useEffect, useRef, useState } from 'react'

/**
 * After a client-side navigation to another page, focus moves to the new page's main heading
 * (its <h1>, made focusable with tabindex=-1; without one, <main>), and a polite live region
 * announces the new page's title: otherwise focus falls to <body> and a screen reader says
 * nothing. An address with a fragment (a dashboard's "see all matches" → #matches) moves focus
 * to that part instead. The first load leaves focus alone, and so does a change of the query
 * alone (a filter, a sort, a page of results), where focus stays on the control that changed it.
 */
export function RouteFocus() {
  const { pathname, hash } = useLocation()
  const previous = useRef(pathname)
  const [announcement, setAnnouncement] = useState('')
  useEffect(() => {
    if (previous.current === pathname) return
    previous.current = pathname
    const main = document.getElementById('main')
    const part = hash.length > 1 ? document.getElementById(decodeURIComponent(hash.slice(1))) : null
    const target = part ?? main?.querySelector<HTMLElement>('h1') ?? main
    if (target) {
      if (!target.hasAttribute('tabindex')) target.setAttribute('tabindex', '-1')
      target.focus({ preventScroll: !part })
      if (part) part.scrollIntoView()
    }
    setAnnouncement(document.title)
  }, [pathname, hash])
  return (
    <div className="sr-only" aria-live="polite" aria-atomic="true" data-testid="route-announcer">
      {announcement}
    </div>
  )
}
