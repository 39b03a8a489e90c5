import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { prisma } from '~/modules/db/db.server'
import { pageMeta } from '~/modules/i18n/meta'

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, 'home.title')

export async function loader(_: LoaderFunctionArgs) {
  const [colleges, businesses, experts, needs, offers] = await Promise.all([
    prisma.organization.count({ where: { kind: 'college' } }),
    prisma.organization.count({ where: { kind: 'business' } }),
    prisma.expertProfile.count(),
    prisma.need.count({ where: { status: 'open', hiddenAt: null } }),
    prisma.offer.count({ where: { status: 'open', hiddenAt: null } }),
  ])
  return { stats: { colleges, businesses, experts, needs, offers } }
}

export default function HomePage() {
  const { stats } = useLoaderData<typeof loader>()
  const { t, i18n } = useTranslation()
  const number = new Intl.NumberFormat(i18n.language === 'en' ? 'en-GB' : 'vi-VN')
  const audiences = [
    [t('home.forColleges'), t('home.forCollegesText')],
    [t('home.forBusinesses'), t('home.forBusinessesText')],
    [t('home.forExperts'), t('home.forExpertsText')],
  ] as const
  return (
    <div className="space-y-10">
      <section className="rounded-2xl bg-gradient-to-br from-brand-700 to-brand-800 px-8 py-12 text-white">
        <h1 className="max-w-3xl text-3xl font-bold sm:text-4xl">{t('home.title')}</h1>
        <p className="mt-4 max-w-3xl text-brand-50">{t('home.lead')}</p>
        <div className="mt-8 flex flex-wrap gap-3">
          <Link to="/signup" className="rounded-md bg-white px-4 py-2 font-semibold text-brand-800 no-underline">
            {t('home.ctaSignup')}
          </Link>
          <Link to="/login" className="rounded-md border border-white/60 px-4 py-2 text-white no-underline">
            {t('home.ctaLogin')}
          </Link>
        </div>
      </section>
      <dl className="grid grid-cols-2 gap-4 sm:grid-cols-5">
        {(Object.keys(stats) as (keyof typeof stats)[]).map((key) => (
          <div key={key} className="rounded-lg bg-white p-4 text-center shadow-sm">
            <dd className="text-2xl font-bold text-brand-700">{number.format(stats[key])}</dd>
            <dt className="text-sm text-slate-600">{t(`home.stats.${key}`)}</dt>
          </div>
        ))}
      </dl>
      <section className="grid gap-4 sm:grid-cols-3">
        {audiences.map(([title, text]) => (
          <div key={title} className="rounded-lg bg-white p-6 shadow-sm">
            <h2 className="font-semibold">{title}</h2>
            <p className="mt-2 text-sm text-slate-600">{text}</p>
          </div>
        ))}
      </section>
    </div>
  )
}
