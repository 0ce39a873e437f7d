import type { Platform, Theme } from '../../db/schema/index.ts';
import type { ChannelKey } from './channel-data.ts';
import type { UnitKey, UserKey } from './org-data.ts';

/**
 * The demo's campaign content, one item per stage of the workflow, covering the five
 * themes of the provincial plans. Texts are written for the demo; the rules they cite
 * (Decision 22/2023/QĐ-TTg, Decree 49/2020/NĐ-CP, the 2023 Identity Law) are real.
 */
export type Stage = 'draft' | 'in_review' | 'rejected' | 'scheduled' | 'published';

export type DemoTarget = { channel: ChannelKey } | { set: string };

export interface DemoItem {
  stage: Stage;
  author: UserKey;
  /** The owning unit; null: the province. */
  unit: UnitKey | null;
  theme: Theme;
  title: string;
  summary: string;
  body: string;
  hashtags: string[];
  targets: DemoTarget[];
  /** A branded picture (rendered like the site's preview card) uploaded through the media API. */
  image?: { kicker: string; fileName: string; altText: string };
  /** A placeholder clip (an MP4 container without footage: the demo ships no real video). */
  video?: { fileName: string; altText: string };
  /** Seeded only when Loa has a connector for this platform. */
  onlyWith?: Platform;
  /** The person shown gave the testimony consent (seed-content.ts records it first). */
  withConsent?: boolean;
  overrides?: Partial<Record<Platform, { body?: string; hashtags?: string[] }>>;
  decisionComment?: string;
}

const CAMPAIGN = 'Kênh của chiến dịch "Con đường hướng thiện"';
const PARTNERS = 'Cổng TTĐT và báo, đài đối tác';
export const COMMUNE_GROUPS = 'Nhóm Zalo các xã';

export const testimonyConsent = {
  personName: 'Đinh Văn H. (thôn Trung Lý, xã Phước Lộc)',
  scope: 'Tên viết tắt, ảnh chụp tại trang trại và lời kể về quá trình hoàn lương; đăng trên trang và Fanpage "Con đường hướng thiện"',
  platforms: ['site', 'facebook_page'] as Platform[],
  grantedDaysAgo: 12,
  validDays: 365,
};

export const demoItems: DemoItem[] = [
  {
    stage: 'published',
    author: 'editor',
    unit: 'pc10',
    theme: 'policy',
    title: 'Tái hòa nhập cộng đồng: trách nhiệm của chính quyền, đoàn thể và mỗi gia đình',
    summary:
      'Nghị định 49/2020/NĐ-CP quy định rõ ai làm gì khi người chấp hành xong án phạt tù trở về địa phương: tiếp nhận, giúp đỡ, hỗ trợ giấy tờ và việc làm.',
    body: `Mỗi năm, hàng trăm người chấp hành xong án phạt tù trở về các xã, phường trong tỉnh. Những tháng đầu sau khi ra trại là lúc họ cần hỗ trợ nhiều nhất: giấy tờ tùy thân, chỗ ở, việc làm và sự tin tưởng của người xung quanh.

Theo Nghị định 49/2020/NĐ-CP, Ủy ban nhân dân cấp xã tiếp nhận người chấp hành xong án phạt tù về cư trú và phân công cá nhân, tổ chức giúp đỡ; Công an xã hướng dẫn đăng ký cư trú, làm thủ tục căn cước; Mặt trận Tổ quốc và các đoàn thể vận động gia đình, cộng đồng không kỳ thị.

Gia đình là chỗ dựa đầu tiên. Một lời động viên, một công việc phù hợp có thể giúp người từng lầm lỗi không quay lại con đường cũ.

Người dân cần hướng dẫn về các chính sách hỗ trợ xin liên hệ Công an xã nơi cư trú.`,
    hashtags: ['TaiHoaNhapCongDong', 'BinhDinh'],
    targets: [{ set: CAMPAIGN }, { set: PARTNERS }],
    image: { kicker: 'Chính sách, pháp luật', fileName: 'trach-nhiem-tai-hoa-nhap.png', altText: 'Tái hòa nhập cộng đồng: trách nhiệm của mọi người' },
    decisionComment: 'Đồng ý đăng trên các kênh của chiến dịch và cổng đối tác.',
  },
  {
    stage: 'published',
    author: 'editor',
    unit: 'pc10',
    theme: 'guidance',
    title: 'Vay vốn ưu đãi đến 100 triệu đồng cho người chấp hành xong án phạt tù',
    summary: 'Quyết định 22/2023/QĐ-TTg: ai được vay, vay bao nhiêu, lãi suất thế nào, hồ sơ gồm những gì và nộp ở đâu.',
    body: `Quyết định 22/2023/QĐ-TTg của Thủ tướng Chính phủ về tín dụng đối với người chấp hành xong án phạt tù giúp người trở về có vốn làm ăn, ổn định cuộc sống.

Ai được vay: người đã chấp hành xong án phạt tù, có nơi cư trú hợp pháp tại địa phương, cần vốn để sản xuất, kinh doanh, tạo việc làm; hồ sơ nộp trong thời hạn 3 năm kể từ ngày chấp hành xong án phạt tù.

Mức vay: tối đa 100 triệu đồng, không phải bảo đảm tiền vay; thời hạn vay tối đa 120 tháng; lãi suất bằng lãi suất cho vay hộ cận nghèo.

Hồ sơ: giấy đề nghị vay vốn có xác nhận của Ủy ban nhân dân cấp xã về nơi cư trú hợp pháp; bản sao giấy chứng nhận chấp hành xong án phạt tù hoặc quyết định đặc xá.

Nơi nộp: Tổ tiết kiệm và vay vốn ở thôn, tổ dân phố hoặc Phòng giao dịch Ngân hàng Chính sách xã hội. Công an xã sẵn sàng hướng dẫn hoàn thiện hồ sơ.`,
    hashtags: ['QuyetDinh22', 'VayVonUuDai', 'TaiHoaNhapCongDong'],
    targets: [{ set: CAMPAIGN }, { set: PARTNERS }, { channel: 'zaloOa' }, { channel: 'radioTv' }, { set: COMMUNE_GROUPS }],
    image: { kicker: 'Hướng dẫn', fileName: 'vay-von-quyet-dinh-22.png', altText: 'Vay vốn ưu đãi theo Quyết định 22/2023/QĐ-TTg' },
    overrides: {
      facebook_page: {
        body: 'Người chấp hành xong án phạt tù được vay tối đa 100 triệu đồng, thời hạn đến 120 tháng, không cần tài sản bảo đảm (Quyết định 22/2023/QĐ-TTg). Hỏi Công an xã hoặc Ngân hàng Chính sách xã hội nơi cư trú để được hướng dẫn hồ sơ.',
      },
      zalo_group_manual: {
        body: 'Bà con lưu ý: người chấp hành xong án phạt tù được vay đến 100 triệu đồng, không cần thế chấp (QĐ 22/2023/QĐ-TTg). Ai cần hướng dẫn hồ sơ, liên hệ cảnh sát khu vực của thôn.',
      },
    },
    decisionComment: 'Nội dung chính xác, đăng ngay.',
  },
  {
    stage: 'published',
    author: 'editor',
    unit: 'pc10',
    theme: 'testimony',
    title: 'Tự bạch: “Ngày ra trại, tôi sợ nhất là ánh mắt của hàng xóm”',
    summary: 'Anh Đ.V.H (xã Phước Lộc) kể về ba năm làm lại cuộc đời với trại gà thả vườn và sự đồng hành của Công an xã.',
    body: `Tôi vào trại năm 2018 vì tội trộm cắp tài sản. Ngày trở về, tôi sợ nhất không phải là không có việc làm, mà là ánh mắt của hàng xóm.

Tuần đầu, anh cảnh sát khu vực đến nhà. Anh không hỏi chuyện cũ, chỉ hỏi tôi định làm gì. Anh hướng dẫn tôi làm lại căn cước, rồi đưa tôi lên xã làm hồ sơ vay vốn theo Quyết định 22.

Với 80 triệu đồng vay được, vợ chồng tôi nuôi 500 con gà thả vườn. Năm đầu thua lỗ vì dịch bệnh, cán bộ khuyến nông của xã xuống tận chuồng chỉ cách tiêm phòng.

Giờ trại có 2.000 con, tôi nhận thêm hai thanh niên trong thôn vào làm. Tôi kể chuyện này vì muốn những người còn trong trại biết rằng: về nhà, mình không đi một mình.

(Bài đăng với sự đồng ý của anh Đ.V.H; tên nhân vật đã được viết tắt.)`,
    hashtags: ['TuBach', 'GuongHoanLuong'],
    targets: [{ channel: 'site' }, { channel: 'fanpage' }],
    image: { kicker: 'Tự bạch', fileName: 'tu-bach-anh-dvh.png', altText: 'Câu chuyện hoàn lương của anh Đ.V.H' },
    withConsent: true,
    decisionComment: 'Đã kiểm tra bản đồng ý của nhân vật.',
  },
  {
    stage: 'published',
    author: 'editor',
    unit: 'pc10',
    theme: 'warning',
    title: 'Cảnh giác thủ đoạn “việc nhẹ, lương cao” lôi kéo người mới ra tù',
    summary: 'Các đối tượng lợi dụng hoàn cảnh khó khăn của người mới trở về để dụ chở hàng cấm, vay nặng lãi hoặc mở tài khoản ngân hàng hộ.',
    body: `Thời gian gần đây, Công an tỉnh ghi nhận một số đối tượng tiếp cận người mới chấp hành xong án phạt tù, hứa hẹn “việc nhẹ, lương cao” hoặc cho vay tiền không cần thủ tục.

Các thủ đoạn thường gặp:
- nhờ “chở hàng giúp” mà không cho biết bên trong là gì, có thể là ma túy, hàng cấm;
- cho vay “nóng” với lãi suất cắt cổ, rồi ép làm việc phi pháp để trừ nợ;
- thuê mở, mua lại tài khoản ngân hàng, sim điện thoại để dùng vào lừa đảo.

Người nhận lời có thể bị xử lý hình sự lần nữa, với tình tiết tái phạm.

Khi bị rủ rê, hãy từ chối và báo ngay cho Công an xã hoặc gọi 113. Danh tính người tố giác được giữ bí mật.`,
    hashtags: ['CanhGiac', 'PhongChongToiPham'],
    targets: [{ channel: 'site' }, { channel: 'fanpage' }, { channel: 'formerDistrict' }],
    image: { kicker: 'Cảnh báo', fileName: 'canh-giac-viec-nhe-luong-cao.png', altText: 'Cảnh giác thủ đoạn việc nhẹ lương cao' },
    decisionComment: 'Đăng, kèm gửi cổng huyện Tuy Phước.',
  },
  {
    stage: 'published',
    author: 'editor',
    unit: 'pc10',
    theme: 'counter_misinformation',
    title: 'Không có dịch vụ “chạy” xóa án tích: cảnh giác lừa đảo trên mạng',
    summary: 'Án tích được xóa khi đủ điều kiện luật định; người cần chứng minh chỉ việc xin Phiếu lý lịch tư pháp.',
    body: `Trên mạng xã hội xuất hiện các tài khoản quảng cáo dịch vụ “xóa án tích nhanh”, “làm sạch lý lịch” với giá từ vài triệu đến vài chục triệu đồng. Đây là thủ đoạn lừa đảo.

Theo Bộ luật Hình sự, người bị kết án được xóa án tích khi đủ điều kiện về thời gian và không phạm tội mới: phần lớn trường hợp là đương nhiên, một số trường hợp do Tòa án quyết định. Không ai có thể “chạy” để được xóa án tích sớm.

Người cần chứng minh mình không có án tích chỉ cần làm thủ tục xin cấp Phiếu lý lịch tư pháp, lệ phí theo quy định.

Nếu đã chuyển tiền cho các đối tượng này, hãy trình báo ngay với Công an xã nơi cư trú.`,
    hashtags: ['TinGia', 'XoaAnTich'],
    targets: [{ channel: 'site' }, { channel: 'fanpage' }],
    decisionComment: 'Đồng ý.',
  },
  {
    stage: 'published',
    author: 'editor',
    unit: 'pc10',
    theme: 'guidance',
    title: 'Video: 5 bước làm hồ sơ vay vốn theo Quyết định 22/2023/QĐ-TTg',
    summary: 'Cán bộ Ngân hàng Chính sách xã hội và Công an xã hướng dẫn từng bước, từ xin xác nhận cư trú đến nhận tiền vay.',
    body: `Trong video, cán bộ Ngân hàng Chính sách xã hội và cảnh sát khu vực hướng dẫn 5 bước:
1. Xin xác nhận nơi cư trú hợp pháp tại Ủy ban nhân dân xã.
2. Chuẩn bị bản sao giấy chứng nhận chấp hành xong án phạt tù.
3. Viết giấy đề nghị vay vốn, nêu rõ phương án sản xuất, kinh doanh.
4. Nộp hồ sơ cho Tổ tiết kiệm và vay vốn ở thôn.
5. Nhận tiền vay tại điểm giao dịch xã.

Mức vay tối đa 100 triệu đồng, không phải bảo đảm tiền vay.`,
    hashtags: ['QuyetDinh22', 'VayVonUuDai'],
    targets: [{ channel: 'youtube' }],
    image: { kicker: 'Video hướng dẫn', fileName: 'anh-bia-video-vay-von.png', altText: 'Ảnh bìa video hướng dẫn vay vốn' },
    video: { fileName: 'huong-dan-vay-von-qd22.mp4', altText: 'Tệp video mẫu của bản demo' },
    onlyWith: 'youtube_channel',
    decisionComment: 'Đăng lên kênh YouTube.',
  },
  {
    stage: 'scheduled',
    author: 'editor',
    unit: 'pc10',
    theme: 'guidance',
    title: 'Hướng dẫn xin Phiếu lý lịch tư pháp trực tuyến, không cần đến trụ sở',
    summary: 'Người đã được xóa án tích xin Phiếu lý lịch tư pháp qua ứng dụng VNeID để đi xin việc; Phiếu ghi “không có án tích”.',
    body: `Phiếu lý lịch tư pháp thường được yêu cầu khi xin việc hoặc đi lao động ở nước ngoài. Người đã được xóa án tích có quyền yêu cầu cấp Phiếu, và Phiếu ghi “không có án tích”.

Cách làm:
1. Đăng nhập ứng dụng VNeID bằng tài khoản định danh điện tử mức 2, chọn “Cấp phiếu lý lịch tư pháp”.
2. Khai thông tin, chọn mục đích sử dụng và nơi nhận kết quả.
3. Nộp lệ phí trực tuyến và theo dõi hồ sơ ngay trên ứng dụng.

Chưa có tài khoản định danh mức 2? Hãy đến Công an xã nơi cư trú để được hỗ trợ kích hoạt.`,
    hashtags: ['LyLichTuPhap', 'VNeID'],
    targets: [{ set: CAMPAIGN }, { set: PARTNERS }],
    decisionComment: 'Đăng sáng mai, giờ đầu làm việc.',
  },
  {
    stage: 'in_review',
    author: 'editor',
    unit: 'pc10',
    theme: 'counter_misinformation',
    title: 'Thông tin “người có tiền án không được cấp căn cước” là sai sự thật',
    summary: 'Mọi công dân Việt Nam từ đủ 14 tuổi đều được cấp thẻ căn cước, kể cả người đã chấp hành xong án phạt tù.',
    body: `Trên một số hội nhóm mạng xã hội lan truyền thông tin người từng đi tù “bị khóa căn cước”, “không được làm giấy tờ”. Đây là thông tin sai sự thật.

Theo Luật Căn cước 2023, công dân Việt Nam từ đủ 14 tuổi phải làm thủ tục cấp thẻ căn cước; người đã chấp hành xong án phạt tù có quyền và nghĩa vụ như mọi công dân khác.

Người mới trở về địa phương cần đăng ký thường trú hoặc tạm trú, rồi làm thủ tục cấp căn cước tại Công an xã. Gặp khó khăn về giấy tờ, Công an xã sẽ hướng dẫn cụ thể.

Đề nghị người dân không chia sẻ thông tin chưa được kiểm chứng.`,
    hashtags: ['TinGia', 'CanCuoc'],
    targets: [{ channel: 'site' }, { channel: 'fanpage' }, { channel: 'portal' }],
  },
  {
    stage: 'rejected',
    author: 'cskv.phuocLoc',
    unit: 'phuocLoc',
    theme: 'warning',
    title: 'Cảnh báo: đối tượng Nguyễn Văn T. ở thôn Trung Lý chuyên rủ rê người mới ra tù',
    summary: 'Phản ánh của người dân về một người có biểu hiện lôi kéo thanh niên.',
    body: 'Người dân thôn Trung Lý phản ánh anh Nguyễn Văn T., 35 tuổi, thường tụ tập, rủ rê một số người mới chấp hành xong án phạt tù đi làm “việc nhẹ lương cao” ở nơi khác. Đề nghị bà con cảnh giác, không giao du với người này.',
    hashtags: ['CanhGiac'],
    targets: [{ channel: 'zalo.phuocLoc' }],
    decisionComment:
      'Không đăng: bài nêu tên, nơi ở của người chưa bị cơ quan có thẩm quyền kết luận vi phạm, có thể xâm phạm danh dự và quyền riêng tư. Đề nghị bỏ thông tin nhận diện, chỉ mô tả thủ đoạn và hướng dẫn bà con báo cho cảnh sát khu vực.',
  },
  {
    stage: 'draft',
    author: 'cskv.nhonHai',
    unit: 'nhonHai',
    theme: 'guidance',
    title: 'Thông báo: buổi tư vấn việc làm cho người chấp hành xong án phạt tù tại xã Nhơn Hải',
    summary: 'Sáng thứ Bảy, tại hội trường UBND xã, có đại diện doanh nghiệp và Ngân hàng Chính sách xã hội.',
    body: `Công an xã Nhơn Hải phối hợp Hội Liên hiệp Phụ nữ và Đoàn Thanh niên xã tổ chức buổi gặp mặt, tư vấn việc làm và vay vốn cho người chấp hành xong án phạt tù và gia đình.

Thời gian: 8 giờ sáng thứ Bảy. Địa điểm: hội trường UBND xã.

Tham dự có đại diện hai doanh nghiệp chế biến hải sản đang tuyển lao động và cán bộ Ngân hàng Chính sách xã hội. Đề nghị các thôn, tổ dân phố thông báo rộng rãi.`,
    hashtags: ['ViecLam', 'NhonHai'],
    targets: [{ channel: 'zalo.nhonHai' }],
  },
];
