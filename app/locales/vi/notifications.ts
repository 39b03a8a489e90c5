// Vietnamese strings for notifications, their preferences and the daily digest (merged under the `notifications` key).
export const notifications = {
  nav: 'Thông báo',
  navUnread: 'Thông báo, {{count}} chưa đọc',
  page: {
    title: 'Thông báo',
    intro: 'Những gì đã xảy ra với đề xuất, thỏa thuận và đánh giá của bạn. Mới nhất ở trên.',
    none: 'Chưa có thông báo nào.',
    unread: 'Chưa đọc',
    markRead: 'Đánh dấu đã đọc',
    markAllRead: 'Đánh dấu tất cả đã đọc',
    allRead: 'Đã đánh dấu tất cả là đã đọc.',
    settings: 'Cài đặt thông báo',
    savedSearches: 'Tìm kiếm đã lưu',
  },
  settings: {
    title: 'Cài đặt thông báo',
    intro: 'Chọn cách bạn nhận từng loại thông báo.',
    saved: 'Đã lưu cài đặt thông báo.',
    save: 'Lưu cài đặt',
    kind: 'Loại thông báo',
    groups: { proposals: 'Đề xuất', agreements: 'Thỏa thuận', reviews: 'Đánh giá' },
    channels: {
      in_app: 'Chỉ trong ứng dụng',
      email: 'Email ngay',
      digest: 'Email tổng hợp hằng ngày',
      off: 'Tắt',
    },
    invalidChannel: 'Hãy chọn một cách nhận thông báo.',
  },
  kinds: {
    proposal: {
      received: { title: 'Đề xuất mới', text: '{{counterpart}} đã gửi cho bạn một đề xuất: {{need}} — {{offer}}.' },
      message: { title: 'Tin nhắn mới về đề xuất', text: '{{counterpart}} đã gửi tin nhắn mới về đề xuất {{need}} — {{offer}}.' },
      accepted: { title: 'Đề xuất được chấp nhận', text: '{{counterpart}} đã chấp nhận đề xuất {{need}} — {{offer}}.' },
      declined: { title: 'Đề xuất bị từ chối', text: '{{counterpart}} đã từ chối đề xuất {{need}} — {{offer}}.' },
      withdrawn: { title: 'Đề xuất đã được rút lại', text: '{{counterpart}} đã rút lại đề xuất {{need}} — {{offer}}.' },
      reminder: { title: 'Đề xuất sắp hết hạn', text: 'Đề xuất của {{counterpart}} ({{need}} — {{offer}}) sắp hết hạn.' },
      expired: { title: 'Đề xuất đã hết hạn', text: 'Đề xuất gửi {{counterpart}} ({{need}} — {{offer}}) đã hết hạn vì chưa được trả lời.' },
    },
    agreement: {
      confirmed: { title: 'Thỏa thuận đã được xác nhận', text: 'Thỏa thuận với {{counterpart}} đã được cả hai bên xác nhận.' },
      completed: { title: 'Thỏa thuận đã hoàn thành', text: 'Thỏa thuận với {{counterpart}} đã hoàn thành.' },
    },
    review: {
      received: { title: 'Đánh giá mới', text: '{{counterpart}} đã đánh giá sự hợp tác với bạn.' },
    },
  },
  email: {
    subject: 'Thông báo từ Cầu Nối: {{title}}',
    open: 'Mở trên Cầu Nối:',
    digestSubject: 'Tổng hợp thông báo hằng ngày trên Cầu Nối',
    digestIntro_one: 'Bạn có {{count}} thông báo mới từ hôm qua:',
    digestIntro_other: 'Bạn có {{count}} thông báo mới từ hôm qua:',
    digestAll: 'Xem tất cả thông báo:',
    preferences: 'Đổi cách nhận thông báo: {{url}}',
  },
}

// Saved searches and their daily email (merged under the `savedSearches` key).
export const savedSearches = {
  nav: 'Tìm kiếm đã lưu',
  save: {
    title: 'Lưu tìm kiếm',
    lead: 'Nhận email mỗi ngày khi có tin đăng mới phù hợp.',
    name: 'Tên tìm kiếm',
    submit: 'Lưu tìm kiếm',
    signIn: 'Đăng nhập để lưu tìm kiếm này và nhận email khi có tin mới.',
  },
  page: {
    title: 'Tìm kiếm đã lưu',
    intro: 'Mỗi sáng, chúng tôi gửi email liệt kê các tin đăng mới khớp với từng tìm kiếm của bạn.',
    none: 'Bạn chưa lưu tìm kiếm nào. Hãy tìm trên trang Tìm kiếm rồi bấm "Lưu tìm kiếm".',
    open: 'Mở',
    rename: 'Đổi tên',
    delete: 'Xóa',
    created: 'Đã lưu tìm kiếm. Bạn sẽ nhận email khi có tin mới phù hợp.',
    renamed: 'Đã đổi tên.',
    deleted: 'Đã xóa tìm kiếm.',
    since: 'Lần gửi gần nhất: {{date}}',
    allListings: 'Tất cả tin đăng',
  },
  errors: {
    nameTooLong: 'Tên tối đa 100 ký tự.',
    queryTooLong: 'Tìm kiếm này quá dài để lưu.',
    tooMany: 'Bạn đã lưu tối đa {{max}} tìm kiếm. Hãy xóa bớt một tìm kiếm.',
  },
  email: {
    subject: 'Tin đăng mới khớp với tìm kiếm đã lưu của bạn',
    intro_one: 'Có {{count}} tin đăng mới khớp với tìm kiếm "{{name}}":',
    intro_other: 'Có {{count}} tin đăng mới khớp với tìm kiếm "{{name}}":',
    more_one: '… và {{count}} tin khác.',
    more_other: '… và {{count}} tin khác.',
    need: 'Nhu cầu',
    offer: 'Đề nghị',
    openSearch: 'Xem tất cả kết quả của tìm kiếm này:',
    manage: 'Quản lý tìm kiếm đã lưu: {{url}}',
  },
}
