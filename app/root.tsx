import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import {
  Form,
  Link,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  isRouteErrorResponse,
  useLocation,
  useRouteError,
  useRouteLoaderData,
} from '@remix-run/react'
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useChangeLanguage } from 'remix-i18next/react'
import type { ParseKeys } from 'i18next'
import { RouteFocus } from '~/components/route-focus'
import { unreadTotal } from '~/modules/proposals/threads.server'
import { unreadCount } from '~/modules/notifications/notifications.server'
import { canReadMailbox, getCurrentUser } from '~/modules/accounts/permissions.server'
import { isMailboxMode } from '~/modules/email/mailer.server'
import { isPaymentsConfigured } from '~/modules/payments/payments.server'
import { DEFAULT_LANGUAGE, isLanguage, type Language } from '~/modules/i18n/i18n'
import { getLanguage } from '~/modules/i18n/i18n.server'
import { pageMeta } from '~/modules/i18n/meta'
import stylesheet from '~/tailwind.css?url'
import { useNonce } from '~/utils/nonce'

/** The brand colour (tailwind.css, --color-brand-700): the phone's toolbar and the app icon. */
const THEME_COLOUR = '#0f766e'

// Icons and the web app manifest live in public/ (copied into build/client, served as static files).
export const links: LinksFunction = () => [
  { rel: 'stylesheet', href: stylesheet },
  { rel: 'icon', href: '/favicon.ico', sizes: '32x32' },
  { rel: 'icon', href: '/icon.svg', type: 'image/svg+xml' },
  { rel: 'apple-touch-icon', href: '/apple-touch-icon.png' },
  { rel: 'manifest', href: '/manifest.webmanifest' },
]

/**
 * Pages without a title of their own are at least "Cầu Nối"; an error page (a 404 of a
 * listing, an unknown address, a 403…) is titled with its error, in the page's language.
 */
export const meta: MetaFunction = ({ matches, error }) =>
  error ? pageMeta(matches, errorTitleKey(errorStatus(error))) : [{ title: 'Cầu Nối' }]

function errorStatus(error: unknown) {
  return isRouteErrorResponse(error) ? error.status : 500
}

function errorTitleKey(status: number): ParseKeys {
  if (status === 404) return 'errors.notFoundTitle'
  if (status === 403) return 'errors.forbiddenTitle'
  if (status === 400) return 'errors.badRequestTitle'
  if (status === 503) return 'errors.unavailableTitle'
  return 'errors.serverTitle'
}

export async function loader({ request }: LoaderFunctionArgs) {
  const [locale, user, mailboxReader] = await Promise.all([getLanguage(request), getCurrentUser(request), canReadMailbox(request)])
  const [unreadProposals, unreadNotifications] = user ? await Promise.all([unreadTotal(user), unreadCount(user.id)]) : [0, 0]
  return {
    locale,
    mailbox: isMailboxMode(),
    mailboxReader,
    paymentsConfigured: isPaymentsConfigured(),
    user: user && {
      name: user.name,
      platformRole: user.platformRole,
      orgKey: user.memberships[0]?.org.key ?? null,
      /** members of an organisation or experts: they send and receive proposals */
      proposals: user.memberships.length > 0 || user.expertProfile !== null,
      unreadProposals,
      unreadNotifications,
    },
  }
}

export const handle = { i18n: 'translation' }

function useRootData() {
  return useRouteLoaderData<typeof loader>('root')
}

/**
 * The header: the brand and the main navigation. On a phone the navigation sits behind a menu
 * button (a <details> disclosure: its <summary> is the button, with its expanded state, and it
 * works without JavaScript); from the md breakpoint the links are shown in a row, open or not
 * (::details-content), and with JavaScript the disclosure starts open there. A navigation
 * closes the phone's menu.
 */
function Header() {
  const data = useRootData()
  const { t, i18n } = useTranslation()
  const location = useLocation()
  const locale = data?.locale ?? pageLanguage(i18n.language)
  const user = data?.user
  const [menuOpen, setMenuOpen] = useState(false)
  const wide = () => window.matchMedia('(min-width: 48rem)').matches
  useEffect(() => {
    setMenuOpen(wide())
  }, [location.pathname])
  return (
    <header className="relative border-b border-slate-200 bg-white">
      <div className="mx-auto flex max-w-6xl items-center gap-4 px-4 py-3 text-sm">
        <Link to="/" className="mr-auto text-lg font-bold text-brand-800 no-underline">
          {t('app.name')}
        </Link>
        <details
          open={menuOpen}
          onToggle={(event) => setMenuOpen(event.currentTarget.open)}
          className="group md:[&::details-content]:[content-visibility:visible] md:[&::details-content]:[display:contents]"
        >
          <summary className="flex cursor-pointer list-none items-center gap-2 rounded-md border border-slate-300 px-3 py-1.5 font-medium md:hidden [&::-webkit-details-marker]:hidden">
            <span aria-hidden="true" className="text-base leading-none">
              ☰
            </span>
            {t('nav.menu')}
            {user && user.unreadProposals + user.unreadNotifications > 0 && (
              <span className="rounded-full bg-brand-700 px-1.5 py-0.5 text-xs font-semibold text-white">
                <span className="sr-only">{t('nav.menuUnread')} </span>
                {user.unreadProposals + user.unreadNotifications}
              </span>
            )}
          </summary>
          <nav
            aria-label={t('nav.main')}
            className="absolute inset-x-0 top-full z-40 flex flex-col items-start gap-3 border-b border-slate-200 bg-white px-4 py-4 shadow-md md:static md:flex-row md:flex-wrap md:items-center md:gap-4 md:border-0 md:p-0 md:shadow-none"
          >
            <Link to="/needs">{t('nav.needs')}</Link>
            <Link to="/offers">{t('nav.offers')}</Link>
            <Link to="/search">{t('search.nav')}</Link>
            {user ? (
              <>
                <Link to="/dashboard">{t('nav.dashboard')}</Link>
                {user.proposals && (
                  <Link to="/proposals" aria-label={user.unreadProposals ? t('proposals.navUnread', { count: user.unreadProposals }) : undefined}>
                    {t('proposals.nav')}
                    {/* The space keeps the visible text ("Đề xuất 2") inside the aria-label (axe label-content-name-mismatch). */}
                    {user.unreadProposals > 0 && ' '}
                    {user.unreadProposals > 0 && <span className="ml-1 rounded-full bg-brand-700 px-1.5 py-0.5 text-xs font-semibold text-white">{user.unreadProposals}</span>}
                  </Link>
                )}
                <Link
                  to="/notifications"
                  aria-label={user.unreadNotifications ? t('notifications.navUnread', { count: user.unreadNotifications }) : t('notifications.nav')}
                  title={t('notifications.nav')}
                >
                  <span aria-hidden="true">🔔</span>
                  <span className="ml-1">{t('notifications.nav')}</span>
                  {user.unreadNotifications > 0 && ' '}
                  {user.unreadNotifications > 0 && (
                    <span aria-hidden="true" className="ml-1 rounded-full bg-brand-700 px-1.5 py-0.5 text-xs font-semibold text-white">
                      {user.unreadNotifications}
                    </span>
                  )}
                </Link>
                {user.orgKey && <Link to={`/org/${user.orgKey}/members`}>{t('nav.members')}</Link>}
                {user.platformRole === 'admin' && (
                  <>
                    <Link to="/admin/verifications">{t('nav.admin')}</Link>
                    <Link to="/admin/moderation">{t('nav.moderation')}</Link>
                  </>
                )}
              </>
            ) : (
              <>
                <Link to="/login">{t('nav.login')}</Link>
                <Link to="/signup">{t('nav.signup')}</Link>
              </>
            )}
            {data?.mailboxReader && <Link to="/dev/mailbox">{t('nav.mailbox')}</Link>}
            <Form method="post" action="/settings/language" className="inline">
              <input type="hidden" name="language" value={locale === 'vi' ? 'en' : 'vi'} />
              <input type="hidden" name="redirectTo" value={location.pathname + location.search} />
              <button type="submit" className="rounded border border-slate-300 px-2 py-1" title={t('nav.language')} lang={locale === 'vi' ? 'en' : 'vi'}>
                {t('nav.switchTo')}
              </button>
            </Form>
            {user && (
              <Form method="post" action="/logout">
                <button type="submit" className="rounded bg-slate-100 px-2 py-1">
                  {t('nav.logout')}
                </button>
              </Form>
            )}
          </nav>
        </details>
        {/* Last in the header, so one Shift+Tab from a page's heading reaches it; one stop only (Enter
            searches); not on the search page, which has its own. */}
        {location.pathname !== '/search' && (
          <Form method="get" action="/search" role="search" aria-label={t('search.quick.label')} className="hidden md:block">
            <label htmlFor="header-search" className="sr-only">
              {t('search.quick.label')}
            </label>
            <input
              id="header-search"
              type="search"
              name="q"
              placeholder={t('search.quick.placeholder')}
              className="w-40 rounded-md border border-slate-300 px-2 py-1 focus:border-brand-600 focus:outline-none focus:ring-1 focus:ring-brand-600 lg:w-48"
            />
          </Form>
        )}
      </div>
    </header>
  )
}

/** The first stop of the keyboard: past the header's links, straight to the page's content. */
function SkipLink() {
  const { t } = useTranslation()
  return (
    <a
      href="#main"
      className="sr-only focus:not-sr-only focus:absolute focus:left-4 focus:top-2 focus:z-50 focus:rounded-md focus:bg-white focus:px-4 focus:py-2 focus:font-medium focus:text-brand-800 focus:underline focus:shadow-lg focus:ring-2 focus:ring-brand-600"
    >
      {t('app.skipToContent')}
    </a>
  )
}

function Footer() {
  const data = useRootData()
  const { t } = useTranslation()
  if (!data) return null
  return (
    <footer className="mx-auto max-w-6xl px-4 pb-8 text-xs text-slate-500">
      <p>{t('app.tagline')}</p>
      {data.mailbox && <p>{t('footer.emailDev')}</p>}
      {!data.paymentsConfigured && <p>{t('footer.paymentsOff')}</p>}
    </footer>
  )
}

/**
 * Without the root loader's data (it failed: the database is down) the page keeps the language
 * the server rendered it in (entry.server sets it from the request), not a fixed 'vi'.
 */
function pageLanguage(rendered: string): Language {
  return isLanguage(rendered) ? rendered : DEFAULT_LANGUAGE
}

export function Layout({ children }: { children: React.ReactNode }) {
  const data = useRootData()
  const { i18n } = useTranslation()
  const locale = data?.locale ?? pageLanguage(i18n.language)
  const nonce = useNonce()
  // In the layout, not App, so error pages switch language too.
  useChangeLanguage(locale)
  return (
    <html lang={locale}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="theme-color" content={THEME_COLOUR} />
        <Meta />
        <Links />
      </head>
      <body className="min-h-screen bg-slate-50 text-slate-900">
        <SkipLink />
        <Header />
        {/* tabIndex -1: the skip link's target takes focus, so the next Tab starts inside it. */}
        <main id="main" tabIndex={-1} className="mx-auto max-w-6xl px-4 py-8 focus:outline-none">
          {children}
        </main>
        <Footer />
        <RouteFocus />
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  )
}

export default function App() {
  return <Outlet />
}

export function ErrorBoundary() {
  const error = useRouteError()
  const { t } = useTranslation()
  const status = errorStatus(error)
  const title = t(errorTitleKey(status))
  const text =
    status === 404
      ? t('errors.notFoundText')
      : status === 403
        ? t('errors.forbiddenText')
        : status === 400
          ? t('errors.badRequest')
          : status === 503
            ? t('errors.unavailableText')
            : t('errors.serverText')
  return (
    <div className="mx-auto max-w-xl rounded-lg bg-white p-8 shadow-sm">
      <p className="text-sm font-semibold text-slate-500">{status}</p>
      <h1 className="mt-1 text-2xl font-bold">{title}</h1>
      {text && <p className="mt-2 text-slate-600">{text}</p>}
      <Link to="/" className="mt-6 inline-block">
        {t('errors.backHome')}
      </Link>
    </div>
  )
}
