import type { Role, UnitKind } from '../../db/schema/index.ts';

/** The demo province: its units and one user per role, all with the same known password. */

export const DEMO_EMAIL_DOMAIN = 'demo.loa.vn';
/** Printed at the end of `npm run demo`; the demo is offline and local only. */
export const DEMO_PASSWORD = 'ConDuongHuongThien@2025';

export const PROVINCE_NAME = 'Công an tỉnh Bình Định';

export type UnitKey = 'pc10' | 'phuocLoc' | 'nhonHai' | 'catTien';
export type CommuneKey = Exclude<UnitKey, 'pc10'>;

export interface DemoUnit {
  key: UnitKey;
  name: string;
  kind: UnitKind;
  code: string;
}

/** Children of the province (the root unit is made with the first administrator). */
export const demoUnits: DemoUnit[] = [
  { key: 'pc10', name: 'Phòng Cảnh sát THAHS và hỗ trợ tư pháp (PC10)', kind: 'department', code: 'BD-PC10' },
  { key: 'phuocLoc', name: 'Công an xã Phước Lộc', kind: 'commune', code: 'BD-PHUOCLOC' },
  { key: 'nhonHai', name: 'Công an xã Nhơn Hải', kind: 'commune', code: 'BD-NHONHAI' },
  { key: 'catTien', name: 'Công an xã Cát Tiến', kind: 'commune', code: 'BD-CATTIEN' },
];

export const communeKeys: CommuneKey[] = ['phuocLoc', 'nhonHai', 'catTien'];

export type UserKey = 'admin' | 'editor' | 'approver' | 'viewer' | 'communeManager' | `cskv.${CommuneKey}`;

export interface DemoUser {
  key: UserKey;
  email: string;
  displayName: string;
  /** What the person does, printed with the credentials. */
  job: string;
  role: Role;
  /** null: the province. */
  unit: UnitKey | null;
}

const email = (local: string) => `${local}@${DEMO_EMAIL_DOMAIN}`;

export const DEMO_ADMIN: DemoUser = {
  key: 'admin',
  email: email('quantri'),
  displayName: 'Phạm Quốc Khánh',
  job: 'Quản trị hệ thống (đơn vị, người dùng, kênh)',
  role: 'admin',
  unit: null,
};

/** Everyone but the administrator, created through the users API by the administrator. */
export const demoUsers: DemoUser[] = [
  { key: 'editor', email: email('bientap'), displayName: 'Nguyễn Thị Thu Hà', job: 'Biên tập viên, Phòng PC10: soạn bài, gửi duyệt', role: 'editor', unit: null },
  { key: 'approver', email: email('lanhdao'), displayName: 'Trần Minh Đức', job: 'Lãnh đạo Công an tỉnh: duyệt / từ chối bài', role: 'approver', unit: null },
  { key: 'viewer', email: email('baocao'), displayName: 'Võ Thị Lan', job: 'Lãnh đạo xem báo cáo', role: 'viewer', unit: null },
  // A report is sent up by its unit's manager and received (or returned) by the parent's: without one below
  // the province, nobody in the demo could show that half of the reports.
  {
    key: 'communeManager',
    email: email('baocao.phuocloc'),
    displayName: 'Nguyễn Văn Tâm',
    job: 'Trưởng Công an xã Phước Lộc: lập báo cáo quý, gửi lên tỉnh',
    role: 'viewer',
    unit: 'phuocLoc',
  },
  { key: 'cskv.phuocLoc', email: email('cskv.phuocloc'), displayName: 'Lê Văn Hùng', job: 'Cảnh sát khu vực, Công an xã Phước Lộc', role: 'commune_officer', unit: 'phuocLoc' },
  { key: 'cskv.nhonHai', email: email('cskv.nhonhai'), displayName: 'Đặng Thị Mỹ Linh', job: 'Cảnh sát khu vực, Công an xã Nhơn Hải', role: 'commune_officer', unit: 'nhonHai' },
  { key: 'cskv.catTien', email: email('cskv.cattien'), displayName: 'Huỳnh Tấn Phát', job: 'Cảnh sát khu vực, Công an xã Cát Tiến', role: 'commune_officer', unit: 'catTien' },
];

export const allDemoUsers: DemoUser[] = [DEMO_ADMIN, ...demoUsers];
