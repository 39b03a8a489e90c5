// Vietnamese strings for an expert's payouts (merged under the `payouts` key).
export const payouts = {
  title: 'Nhận thanh toán',
  dashboardLink: 'Nhận thanh toán',
  intro: 'Khi một trường thanh toán hợp đồng chuyên gia, nền tảng giữ lại phí {{percent}}% và chuyển phần còn lại cho bạn.',
  country: 'Quốc gia cư trú: {{country}}',
  status: {
    ready: 'Stripe đang chuyển tiền cho bạn: phần của bạn trong mỗi khoản thanh toán bằng thẻ được chuyển thẳng vào tài khoản Stripe của bạn.',
    onboarding: 'Bạn đã có tài khoản Stripe nhưng Stripe chưa thể chuyển tiền cho bạn: hãy hoàn tất các thông tin Stripe yêu cầu. Cho đến lúc đó, nền tảng chuyển khoản ngân hàng cho bạn.',
    available: 'Stripe có thể chuyển tiền cho chuyên gia ở quốc gia của bạn. Hãy tạo tài khoản Stripe Express để nhận tiền tự động sau mỗi hợp đồng.',
    manual: 'Stripe chưa thể chuyển tiền cho bạn ở quốc gia này. Nền tảng sẽ trả bạn bằng chuyển khoản ngân hàng (chi trả thủ công) sau khi trường thanh toán hợp đồng.',
  },
  notConfigured: 'Máy chủ này chưa kết nối Stripe; mọi khoản chi trả đều bằng chuyển khoản ngân hàng.',
  create: 'Tạo tài khoản Stripe',
  continue: 'Tiếp tục đăng ký với Stripe',
  returned: 'Bạn đã quay lại từ Stripe. Trạng thái dưới đây là trạng thái Stripe báo lúc này.',
  linkExpired: 'Liên kết đăng ký đã hết hạn. Hãy bấm lại nút để nhận liên kết mới.',
  errors: {
    unsupportedCountry: 'Stripe Connect không chuyển tiền được tới quốc gia của bạn; nền tảng sẽ chuyển khoản ngân hàng cho bạn.',
    notConfigured: 'Máy chủ này chưa kết nối Stripe.',
    unavailable: 'Không kết nối được với Stripe lúc này. Hãy thử lại sau ít phút.',
  },
}
