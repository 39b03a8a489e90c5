import 'i18next'
import type { vi } from '~/locales/vi'

// Typed translation keys: t('auth.loginTitle') is checked against vi.ts.
declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation'
    resources: { translation: typeof vi }
  }
}
