import type { Shape } from '../shape'
import type { notifications as vi, savedSearches as savedVi } from '../vi/notifications'

export const notifications: Shape<typeof vi> = {
  nav: 'Notifications',
  navUnread: 'Notifications, {{count}} unread',
  page: {
    title: 'Notifications',
    intro: 'What happened to your proposals, agreements and reviews. Newest first.',
    none: 'No notifications yet.',
    unread: 'Unread',
    markRead: 'Mark as read',
    markAllRead: 'Mark all as read',
    allRead: 'All notifications are marked as read.',
    settings: 'Notification settings',
    savedSearches: 'Saved searches',
  },
  settings: {
    title: 'Notification settings',
    intro: 'Choose how you hear about each kind of notification.',
    saved: 'Notification settings saved.',
    save: 'Save settings',
    kind: 'Notification',
    groups: { proposals: 'Proposals', agreements: 'Agreements', reviews: 'Reviews' },
    channels: {
      in_app: 'In the app only',
      email: 'Email at once',
      digest: 'Daily digest email',
      off: 'Off',
    },
    invalidChannel: 'Choose how to receive this notification.',
  },
  kinds: {
    proposal: {
      received: { title: 'New proposal', text: '{{counterpart}} sent you a proposal: {{need}} — {{offer}}.' },
      message: { title: 'New message on a proposal', text: '{{counterpart}} sent a new message about {{need}} — {{offer}}.' },
      accepted: { title: 'Proposal accepted', text: '{{counterpart}} accepted the proposal {{need}} — {{offer}}.' },
      declined: { title: 'Proposal declined', text: '{{counterpart}} declined the proposal {{need}} — {{offer}}.' },
      withdrawn: { title: 'Proposal withdrawn', text: '{{counterpart}} withdrew the proposal {{need}} — {{offer}}.' },
      reminder: { title: 'Proposal about to expire', text: 'The proposal from {{counterpart}} ({{need}} — {{offer}}) expires soon.' },
      expired: { title: 'Proposal expired', text: 'Your proposal to {{counterpart}} ({{need}} — {{offer}}) expired unanswered.' },
    },
    agreement: {
      confirmed: { title: 'Agreement confirmed', text: 'Both sides confirmed the agreement with {{counterpart}}.' },
      completed: { title: 'Agreement completed', text: 'The agreement with {{counterpart}} is completed.' },
    },
    review: {
      received: { title: 'New review', text: '{{counterpart}} reviewed working with you.' },
    },
  },
  email: {
    subject: 'Cầu Nối notification: {{title}}',
    open: 'Open it on Cầu Nối:',
    digestSubject: 'Your daily Cầu Nối notifications',
    digestIntro_one: 'You have {{count}} new notification since yesterday:',
    digestIntro_other: 'You have {{count}} new notifications since yesterday:',
    digestAll: 'See all notifications:',
    preferences: 'Change how you are notified: {{url}}',
  },
}

export const savedSearches: Shape<typeof savedVi> = {
  nav: 'Saved searches',
  save: {
    title: 'Save this search',
    lead: 'Get a daily email when new listings match.',
    name: 'Name of the search',
    submit: 'Save this search',
    signIn: 'Sign in to save this search and get an email about new listings.',
  },
  page: {
    title: 'Saved searches',
    intro: 'Every morning we email you the new listings that match each of your searches.',
    none: 'You have no saved searches. Search on the Search page, then choose "Save this search".',
    open: 'Open',
    rename: 'Rename',
    delete: 'Delete',
    created: 'Search saved. You will get an email when new listings match.',
    renamed: 'Renamed.',
    deleted: 'Search deleted.',
    since: 'Last email: {{date}}',
    allListings: 'All listings',
  },
  errors: {
    nameTooLong: 'The name can be at most 100 characters.',
    queryTooLong: 'This search is too long to save.',
    tooMany: 'You saved the maximum of {{max}} searches. Delete one first.',
  },
  email: {
    subject: 'New listings match your saved search',
    intro_one: '{{count}} new listing matches your search "{{name}}":',
    intro_other: '{{count}} new listings match your search "{{name}}":',
    more_one: '… and {{count}} more.',
    more_other: '… and {{count}} more.',
    need: 'Need',
    offer: 'Offer',
    openSearch: 'See every result of this search:',
    manage: 'Manage your saved searches: {{url}}',
  },
}
