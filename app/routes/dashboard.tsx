import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { Notice } from '~/components/forms'
import { requirePermission } from '~/modules/accounts/permissions.server'
import { prisma } from '~/modules/db/db.server'
import { pageMeta } from '~/modules/i18n/meta'

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, 'dashboard.title')

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, { signedIn: true })
  const orgIds = user.memberships.map((m) => m.org.id)
  const [openNeeds, openOffers, pendingVerifications] = await Promise.all([
    prisma.need.count({ where: { orgId: { in: orgIds }, status: 'open' } }),
    prisma.offer.count({
      where: { status: 'open', OR: [{ orgId: { in: orgIds } }, { expertId: user.expertProfile?.id ?? '-' }] },
    }),
    user.platformRole === 'admin'
      ? Promise.all([
          prisma.organization.count({ where: { verification: 'pending' } }),
          prisma.expertProfile.count({ where: { verification: 'pending' } }),
        ]).then(([a, b]) => a + b)
      : Promise.resolve(0),
  ])
  return {
    name: user.name,
    platformRole: user.platformRole,
    memberships: user.memberships.map((m) => ({ role: m.role, ...m.org })),
    expert: user.expertProfile,
    counts: { openNeeds, openOffers, pendingVerifications },
  }
}

export default function DashboardPage() {
  const { name, platformRole, memberships, expert, counts } = useLoaderData<typeof loader>()
  const { t, i18n } = useTranslation()
  const vi = i18n.language === 'vi'
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold">{t('dashboard.welcome', { name })}</h1>
      {platformRole === 'admin' && (
        <Notice>
          {t('dashboard.adminIntro')} <Link to="/admin/verifications">{t('dashboard.pendingVerifications')}: {counts.pendingVerifications}</Link>
        </Notice>
      )}
      {platformRole === 'city_viewer' && <Notice>{t('dashboard.cityIntro')}</Notice>}
      {memberships.map((org) => (
        <section key={org.id} className="rounded-lg bg-white p-6 shadow-sm">
          <p className="text-sm text-slate-500">
            {t('dashboard.yourOrg')} · {t(`orgKinds.${org.kind}`)} · {t(`roles.${org.role}`)}
          </p>
          <h2 className="text-xl font-semibold">{vi ? (org.nameVi ?? org.name) : org.name}</h2>
          <p className="mt-1 text-sm">
            <span className={org.verification === 'verified' ? 'text-emerald-700' : 'text-amber-700'}>{t(`verification.${org.verification}`)}</span>
          </p>
          <h3 className="mt-4 font-medium">{t('dashboard.nextStep')}</h3>
          <p className="text-sm text-slate-600">{org.verification === 'verified' ? t('dashboard.nextReady') : t('dashboard.nextVerify')}</p>
          <dl className="mt-4 flex gap-6 text-sm">
            <div>
              <dt className="text-slate-500">{org.kind === 'college' ? t('dashboard.openNeeds') : t('dashboard.openOffers')}</dt>
              <dd className="text-lg font-semibold">{org.kind === 'college' ? counts.openNeeds : counts.openOffers}</dd>
            </div>
          </dl>
        </section>
      ))}
      {expert && (
        <section className="rounded-lg bg-white p-6 shadow-sm">
          <p className="text-sm text-slate-500">{t('dashboard.yourProfile')}</p>
          <h2 className="text-xl font-semibold">{expert.name}</h2>
          <p className="mt-1 text-sm">{t(`verification.${expert.verification}`)}</p>
          <p className="mt-2 text-sm">
            {t('dashboard.openOffers')}: <strong>{counts.openOffers}</strong>
          </p>
        </section>
      )}
      {!memberships.length && !expert && platformRole === 'member' && <Notice>{t('dashboard.noOrg')}</Notice>}
    </div>
  )
}
