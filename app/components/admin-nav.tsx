import { NavLink } from '@remix-run/react'
import { useTranslation } from 'react-i18next'

// Links between the platform admins' pages.
export function AdminNav() {
  const { t } = useTranslation()
  const links = [
    { to: '/admin/verifications', label: t('moderation.adminNav.verifications') },
    { to: '/admin/moderation', label: t('moderation.adminNav.moderation') },
    { to: '/admin/occupations', label: t('moderation.adminNav.occupations') },
    { to: '/admin/occupation-terms', label: t('moderation.adminNav.unknownTerms') },
    { to: '/admin/rates', label: t('matching.rates.nav') },
    { to: '/admin/payments', label: t('paymentsAdmin.nav') },
    { to: '/admin/outbox', label: t('outbox.nav') },
  ]
  return (
    <nav aria-label={t('moderation.adminNav.label')} className="flex flex-wrap gap-4 border-b border-slate-200 pb-2 text-sm">
      {links.map((link) => (
        <NavLink key={link.to} to={link.to} className={({ isActive }) => (isActive ? 'font-semibold text-slate-900 no-underline' : '')}>
          {link.label}
        </NavLink>
      ))}
    </nav>
  )
}
