import type { Theme } from '../../db/schema/index.ts';

/** The five themes of section II.1 of the provincial plans, as the public reads them. */
export const themeInfo: Record<Theme, { label: string; description: string }> = {
  policy: {
    label: 'Chính sách, pháp luật',
    description: 'Chủ trương, chính sách, pháp luật về tái hòa nhập cộng đồng; trách nhiệm của cơ quan, tổ chức, gia đình và cộng đồng.',
  },
  guidance: {
    label: 'Hướng dẫn tái hòa nhập',
    description:
      'Hướng dẫn thủ tục pháp lý, lý lịch tư pháp, giấy tờ hành chính; học nghề, việc làm, vay vốn ưu đãi theo Quyết định 22/2023/QĐ-TTg; các mô hình giúp đỡ người chấp hành xong án phạt tù.',
  },
  testimony: {
    label: 'Gương hoàn lương',
    description: 'Những câu chuyện tự bạch, vượt qua mặc cảm và rào cản, hoàn lương, làm ăn chân chính.',
  },
  warning: {
    label: 'Cảnh giác',
    description: 'Cảnh báo thủ đoạn của các đối tượng lợi dụng hoàn cảnh khó khăn của người mới ra tù để lôi kéo phạm tội.',
  },
  counter_misinformation: {
    label: 'Phản bác thông tin sai',
    description: 'Đấu tranh, phản bác thông tin sai sự thật, xuyên tạc về công tác tái hòa nhập cộng đồng.',
  },
};
