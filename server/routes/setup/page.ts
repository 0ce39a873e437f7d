/** Server-rendered pages of the first-run setup: plain HTML forms, no JavaScript. */

export interface FormValues {
  unitName: string;
  displayName: string;
  email: string;
}

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function layout(title: string, body: string): string {
  return `<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${esc(title)} · Loa</title>
<style>
body{font-family:system-ui,"Segoe UI",Roboto,Arial,sans-serif;max-width:28rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a;line-height:1.5}
h1{font-size:1.4rem}label{display:block;margin-top:1rem;font-weight:600}
input{display:block;width:100%;box-sizing:border-box;padding:.6rem;font-size:1rem;margin-top:.25rem;border:1px solid #888;border-radius:4px}
button{margin-top:1.5rem;padding:.7rem 1.2rem;font-size:1rem;background:#8b1a1a;color:#fff;border:0;border-radius:4px}
.error{background:#fde8e8;border-left:4px solid #b00;padding:.6rem}.hint{color:#555;font-size:.9rem}
.field-error{color:#b00;margin:.25rem 0 0;font-size:.95rem}input[aria-invalid="true"]{border-color:#b00}
</style>
</head>
<body>
<h1>${esc(title)}</h1>
${body}
</body>
</html>
`;
}

const fields: { name: keyof FormValues | 'password'; label: string; type: string; extra: string }[] = [
  { name: 'unitName', label: 'Tên đơn vị cấp cao nhất (ví dụ: Công an tỉnh Bình Định)', type: 'text', extra: 'required maxlength="200"' },
  { name: 'displayName', label: 'Họ tên quản trị viên', type: 'text', extra: 'required maxlength="200" autocomplete="name"' },
  { name: 'email', label: 'Email', type: 'email', extra: 'required maxlength="254" autocomplete="email"' },
  { name: 'password', label: 'Mật khẩu (ít nhất 10 ký tự)', type: 'password', extra: 'required minlength="10" maxlength="512" autocomplete="new-password"' },
];

/**
 * The form; the token travels in a hidden field so the POST carries it, never a query string.
 * `novalidate`: the server's Vietnamese message shows under the field it names, as everywhere
 * else in Loa, instead of the browser's bubble (in the browser's language, gone on the next click).
 */
export function setupFormPage(token: string, values: FormValues, error?: { message: string; field?: string | undefined }): string {
  const named = fields.find((f) => error?.field === `/${f.name}`);
  const inputs = fields
    .map((f) => {
      const value = f.name === 'password' ? '' : ` value="${esc(values[f.name])}"`;
      const invalid = f === named ? ` aria-invalid="true" aria-describedby="${f.name}-error" autofocus` : '';
      const message = f === named && error ? `\n<p class="field-error" id="${f.name}-error">${esc(error.message)}</p>` : '';
      return `<label for="${f.name}">${esc(f.label)}</label>\n<input id="${f.name}" name="${f.name}" type="${f.type}" ${f.extra}${value}${invalid}>${message}`;
    })
    .join('\n');
  return layout(
    'Thiết lập Loa',
    `<p>Loa chưa có tài khoản quản trị. Tạo đơn vị cấp cao nhất và tài khoản quản trị viên đầu tiên. Liên kết này chỉ dùng được một lần.</p>
${error ? `<p class="error" role="alert">${esc(named ? 'Chưa tạo được tài khoản: hãy sửa ô được đánh dấu bên dưới.' : error.message)}</p>` : ''}
<form method="post" action="/setup" novalidate>
<input type="hidden" name="token" value="${esc(token)}">
${inputs}
<button type="submit">Tạo tài khoản quản trị</button>
</form>`,
  );
}

export function setupDonePage(email: string): string {
  return layout(
    'Đã thiết lập xong',
    `<p>Đã tạo đơn vị và tài khoản quản trị <strong>${esc(email)}</strong>, và bạn đã đăng nhập. Liên kết thiết lập không còn dùng được nữa.</p>
<p><a href="/app">Vào Loa</a>: trang chính có các bước đầu tiên (thêm đơn vị, kết nối kênh, thêm người dùng).</p>`,
  );
}

export function setupInvalidPage(): string {
  return layout(
    'Liên kết không hợp lệ',
    `<p class="error">Liên kết thiết lập không hợp lệ, đã được dùng hoặc đã hết hạn.</p>
<p class="hint">Nếu Loa đã có quản trị viên, hãy đăng nhập. Nếu chưa, khởi động lại Loa để nhận liên kết mới trong nhật ký, hoặc chạy trên máy chủ:<br>
<code>npx loa user create --email ban@donvi.gov.vn --name "Họ tên" --role admin</code></p>
<p><a href="/">Về trang chủ</a></p>`,
  );
}
