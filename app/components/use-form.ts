import { useForm as useConformForm } from '@conform-to/react'

/**
 * Conform's useForm, with the form component itself subscribed to every field's errors.
 *
 * Why: react-i18next's useTranslation re-renders its component once after mount with
 * unchanged state, and React then skips the children. Conform learns which state a form
 * depends on from what the last render read, including the field components' reads of
 * `meta.errors`; after that skipped re-render it forgets them, and the first submit after
 * a full page load shows no errors. Reading `allErrors` here keeps the subscription.
 * Use this instead of importing useForm from @conform-to/react (lint enforces it).
 */
export const useForm: typeof useConformForm = (options) => {
  const result = useConformForm(options)
  void result[0].allErrors
  return result
}
