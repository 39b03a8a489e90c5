import { getFormProps } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import type { SubmissionResult } from '@conform-to/react'
import { Form, Link } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { ErrorList, Notice, SubmitButton } from '~/components/forms'
import { FormErrorSummary } from '~/components/form-errors'
import { requiredConstraint, useForm } from '~/components/use-form'
import { formatDateTime, isLanguage } from '~/modules/i18n/i18n'
import { CHANNELS, fieldOf, type Channel, type NotificationGroup, type NotificationKind } from '~/modules/notifications/kinds'
import type { NotificationView } from '~/modules/notifications/notifications.server'
import { PreferencesSchema } from '~/modules/notifications/schemas'

// The notification pages: the list (/notifications) and the preferences (/settings/notifications).

export function NotificationList({ notifications, unread, done }: { notifications: NotificationView[]; unread: number; done: string | null }) {
  const { t, i18n } = useTranslation()
  const lng = isLanguage(i18n.language) ? i18n.language : 'vi'
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <header className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-bold">{t('notifications.page.title')}</h1>
          <p className="mt-1 text-slate-600">{t('notifications.page.intro')}</p>
        </div>
        <nav className="flex gap-4 text-sm">
          <Link to="/settings/notifications">{t('notifications.page.settings')}</Link>
          <Link to="/searches">{t('notifications.page.savedSearches')}</Link>
        </nav>
      </header>
      {done === 'all' && <Notice tone="success">{t('notifications.page.allRead')}</Notice>}
      {unread > 0 && (
        <Form method="post">
          <SubmitButton intent="read-all">{t('notifications.page.markAllRead')}</SubmitButton>
        </Form>
      )}
      {notifications.length === 0 ? (
        <p className="text-slate-600">{t('notifications.page.none')}</p>
      ) : (
        <ul className="divide-y divide-slate-200 rounded-lg bg-white shadow-sm ring-1 ring-slate-200">
          {notifications.map((item) => (
            <li key={item.id} className={`flex flex-wrap items-start gap-3 p-4 ${item.read ? '' : 'bg-brand-50'}`}>
              <div className="min-w-0 grow">
                <p className="text-sm font-semibold">
                  {!item.read && <span className="mr-2 rounded-full bg-brand-700 px-1.5 py-0.5 text-xs text-white">{t('notifications.page.unread')}</span>}
                  {item.title}
                </p>
                <p className="mt-1">
                  <Link to={`/notifications/${item.id}`}>{item.text}</Link>
                </p>
                <p className="mt-1 text-xs text-slate-500">{formatDateTime(item.createdAt, lng)}</p>
              </div>
              {!item.read && (
                <Form method="post">
                  <input type="hidden" name="id" value={item.id} />
                  <button type="submit" name="intent" value="read" className="rounded border border-slate-300 px-2 py-1 text-sm">
                    {t('notifications.page.markRead')}
                  </button>
                </Form>
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  )
}

export function PreferencesForm({
  preferences,
  groups,
  lastResult,
  saved,
}: {
  preferences: Record<NotificationKind, Channel>
  groups: { group: NotificationGroup; kinds: NotificationKind[] }[]
  lastResult: SubmissionResult<string[]> | undefined
  saved: boolean
}) {
  const { t } = useTranslation()
  const [form, fields] = useForm({
    id: 'notification-preferences',
    lastResult,
    defaultValue: Object.fromEntries(Object.entries(preferences).map(([kind, channel]) => [fieldOf(kind as NotificationKind), channel])),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: PreferencesSchema }),
    constraint: requiredConstraint(PreferencesSchema),
    shouldValidate: 'onSubmit',
  })
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <header>
        <h1 className="text-2xl font-bold">{t('notifications.settings.title')}</h1>
        <p className="mt-1 text-slate-600">{t('notifications.settings.intro')}</p>
      </header>
      {saved && <Notice tone="success">{t('notifications.settings.saved')}</Notice>}
      <Form method="post" {...getFormProps(form)} className="space-y-6 rounded-lg bg-white p-6 shadow-sm">
        <FormErrorSummary form={form} />
        {groups.map(({ group, kinds }) => (
          <section key={group} className="space-y-4">
            <h2 className="text-lg font-semibold">{t(`notifications.settings.groups.${group}`)}</h2>
            {kinds.map((kind) => {
              const field = fields[fieldOf(kind)]!
              return (
                <fieldset key={kind} aria-invalid={field.errors ? true : undefined} aria-describedby={field.errors ? field.errorId : undefined}>
                  <legend className="text-sm font-medium text-slate-700">{t(`notifications.kinds.${kind}.title`)}</legend>
                  <div className="mt-1 flex flex-wrap gap-x-5 gap-y-1">
                    {CHANNELS.map((channel) => (
                      <label key={channel} className="inline-flex items-center gap-1.5 text-sm">
                        <input type="radio" name={field.name} value={channel} defaultChecked={field.initialValue === channel} key={field.key} />
                        {t(`notifications.settings.channels.${channel}`)}
                      </label>
                    ))}
                  </div>
                  <ErrorList id={field.errorId} errors={field.errors} />
                </fieldset>
              )
            })}
          </section>
        ))}
        <SubmitButton>{t('notifications.settings.save')}</SubmitButton>
      </Form>
    </div>
  )
}
