import { createHash } from 'node:crypto';
import type { FastifyReply } from 'fastify';
import { html, type Html, raw } from '../http/html.ts';
import { sendUncached } from '../http/cache.ts';

/**
 * The commune officers' phone pages: one small HTML document each, complete without
 * JavaScript, no web font, no external request, CSS inlined (≤ 30 KB of HTML+CSS before
 * images, checked by the tests) — for mid-range Android phones on weak connections.
 */
const CSS =
  '*{box-sizing:border-box}' +
  'body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",Arial,sans-serif;color:#1b1b1b;background:#f3f4f6}' +
  'header{background:#9b1c1c;color:#fff;padding:.55rem .9rem;display:flex;justify-content:space-between;align-items:center;gap:.5rem}' +
  'header b{font-size:1.05rem}header form{margin:0}header button{background:none;border:1px solid #fff8;color:#fff;border-radius:.3rem;padding:.25rem .7rem;min-height:44px;font:inherit;font-size:.9rem}' +
  'main{max-width:40rem;margin:0 auto;padding:.75rem}' +
  'h1{font-size:1.25rem;line-height:1.3;margin:.25rem 0 .5rem}h2{font-size:1.05rem;line-height:1.35;margin:0 0 .25rem}' +
  '.card{background:#fff;border-radius:.5rem;padding:.8rem;margin:0 0 .75rem;box-shadow:0 1px 2px #0002}' +
  '.meta{color:#555;font-size:.875rem;margin:.2rem 0}' +
  'ul.g{list-style:none;margin:.5rem 0 0;padding:0}ul.g li{display:flex;justify-content:space-between;align-items:center;gap:.5rem;padding:.55rem 0;border-top:1px solid #eee}' +
  'ul.g small{display:block;color:#555}ul.g .btn{white-space:nowrap;flex:none}' +
  '.btn{display:inline-block;padding:.6rem 1rem;min-height:44px;border-radius:.4rem;background:#9b1c1c;color:#fff;text-decoration:none;font:inherit;font-weight:600;border:0;text-align:center}' +
  '.btn.alt{background:#fff;color:#9b1c1c;border:1px solid #9b1c1c}.btn.late{background:#b45309;color:#fff}.btn.full{display:block;width:100%}' +
  '.b{font-size:.78rem;padding:.1rem .5rem;border-radius:1rem;white-space:nowrap}' +
  '.ok{background:#dcfce7;color:#166534}.late{background:#fef3c7;color:#92400e}.miss{background:#fee2e2;color:#991b1b}.open{background:#e0e7ff;color:#3730a3}' +
  '.note{padding:.6rem .8rem;border-radius:.4rem;margin:0 0 .75rem}.note.ok,.note.miss,.note.late{font-weight:600}' +
  // Thumb-sized targets (≥ 44 px tall): the fields, the way back to the list, each photo's download.
  'a.back{display:inline-block;padding:.65rem 0}.imgs figcaption a{display:block;padding:.75rem .2rem}' +
  'textarea,input{width:100%;min-height:44px;font:inherit;padding:.55rem;border:1px solid #aaa;border-radius:.4rem;background:#fff}textarea{min-height:14rem;font-size:.95rem}' +
  'label{display:block;font-weight:600;margin:.7rem 0 .2rem}label small{font-weight:400;color:#555}' +
  '.row{display:flex;gap:.5rem;flex-wrap:wrap;margin:.6rem 0 0}.row>*{flex:1 1 9rem}' +
  '.link{word-break:break-all;font-family:ui-monospace,monospace;font-size:.9rem;background:#f3f4f6;padding:.3rem .4rem;border-radius:.3rem}' +
  'figure{margin:.5rem 0}figure svg{display:block;max-width:100%;height:auto}.imgs{display:flex;gap:.5rem;flex-wrap:wrap}.imgs figure{margin:0;width:calc(50% - .25rem)}.imgs img{width:100%;height:auto;display:block;border-radius:.3rem}' +
  '.imgs figcaption{font-size:.85rem;text-align:center;padding:.2rem}' +
  'progress{display:block;width:100%;height:.8rem;margin:0 0 .3rem}' +
  // The file field: the browser's own button speaks the phone's UI language ("Choose File" on a phone set to
  // English); with the script, a Vietnamese button and the picked file's name and size show, the real field
  // lying transparent over them (taps and keys still reach it). Without the script, the browser's own field.
  '.file>span{display:none}.js .file{position:relative;display:flex;align-items:center;gap:.6rem}.js .file>span{display:inline-block}' +
  '.js .file>[data-file]{color:#555;font-size:.9rem;word-break:break-all}.js .file input{position:absolute;inset:0;height:100%;opacity:0;cursor:pointer}' +
  '.js .file:focus-within .btn{outline:3px solid #9b1c1c;outline-offset:2px}' +
  // A refused field, as the public site's question form marks it; the file field's is drawn on its wrapper, the input being transparent.
  'input[aria-invalid=true]{border:2px solid #9b1c1c}.file.bad{outline:2px solid #9b1c1c;outline-offset:2px;border-radius:.4rem}' +
  '[hidden]{display:none!important}';

/**
 * Progressive enhancement, the only script: shows the copy and share buttons where the
 * phone supports them (Clipboard API, Web Share API), and the screenshot field in Vietnamese
 * ("Chọn ảnh", then the picked file's name and size). Without it the page still works:
 * the text is selectable in its read-only box, and the Zalo share link is a plain link.
 * A form marked `data-send` is not sent while the phone has no network (the browser's own
 * "no internet" page would replace it, and the screenshot picked with it): its `data-offline`
 * note says so and what was typed stays; once sent, its button says "Đang gửi…" until the
 * next page, and says its own words again if the officer comes back to the page.
 *
 * With a screenshot picked (a form with `data-progress`), the form goes by XMLHttpRequest so
 * the officer sees how far it is (percent and MB, a 3 MB file takes a minute at 400 kbit/s)
 * and that it is still going. Before that, a screenshot over 700 KB is redrawn as a JPEG
 * (quality 0.85, at most 1280 px wide and 8 megapixels), kept only if smaller: a phone's
 * 1080 px screenshot keeps its full width, so names and messages stay readable, while a
 * 3 MB PNG becomes a few hundred KB. Where any of this is missing or fails, the file is sent
 * as picked, and without the script the form is a plain post. A file still over the limit
 * (`data-max`) is not sent: the server would cut it off mid-way, which reads as a lost connection,
 * so the page says the limit instead. A connection lost on the way
 * shows the offline note. A refusal that is the same form again with a message (a link that is not
 * http(s), say) shows that message above the button instead, and marks the field it names as that page does, the picked screenshot kept (a new page
 * would drop it: a browser never fills a file field again). Any other answer (the list, the sign-in
 * page, an error page) replaces the page as it came. The list came by following the server's redirect, so the address becomes the list's
 * without asking for it again (a second request, seconds on a slow line, was how it used to go).
 */
const SCRIPT =
  'for(const b of document.querySelectorAll("[data-copy]"))if(navigator.clipboard){b.hidden=false;b.onclick=()=>' +
  'navigator.clipboard.writeText(document.getElementById(b.dataset.copy).value).then(()=>{b.textContent="Đã sao chép ✓"})}' +
  'for(const b of document.querySelectorAll("[data-share]"))if(navigator.share){b.hidden=false;b.onclick=()=>' +
  'navigator.share({text:document.getElementById(b.dataset.share).value}).catch(()=>{})}' +
  'const mb=v=>(v/1048576).toLocaleString("vi-VN",{minimumFractionDigits:1,maximumFractionDigits:1})+" MB";' +
  'document.documentElement.classList.add("js");for(const i of document.querySelectorAll(".file input")){const s=i.parentNode.querySelector("[data-file]");' +
  'i.addEventListener("change",()=>{const f=i.files[0];s.textContent=f?`${f.name} (${mb(f.size)})`:"Chưa chọn ảnh"})}' +
  'async function shrink(f){try{if(f.size<7e5||!/^image[/](png|jpeg|webp)$/.test(f.type)||!window.createImageBitmap)return f;' +
  'const i=await createImageBitmap(f),s=Math.min(1,1280/i.width,Math.sqrt(8e6/(i.width*i.height))),c=document.createElement("canvas");' +
  'c.width=Math.round(i.width*s);c.height=Math.round(i.height*s);const x=c.getContext("2d");x.fillStyle="#fff";x.fillRect(0,0,c.width,c.height);x.drawImage(i,0,0,c.width,c.height);' +
  'const j=await new Promise(r=>c.toBlob(r,"image/jpeg",.85));return j&&j.size<f.size?new File([j],f.name.replace(/[.][^.]*$/,"")+".jpg",{type:"image/jpeg"}):f}catch(e){return f}}' +
  'async function upload(f,b,n,p,input){const t=p.querySelector("span"),g=p.querySelector("progress");p.hidden=false;t.textContent="Đang chuẩn bị ảnh…";' +
  'const d=new FormData(f),file=await shrink(input.files[0]);' +
  'if(file.size>+input.dataset.max){t.textContent=`Ảnh chụp màn hình lớn hơn giới hạn ${mb(+input.dataset.max)}: hãy chọn ảnh nhỏ hơn hoặc bỏ trống ô này.`;b.disabled=false;b.textContent=b.dataset.label;return}' +
  'd.set(input.name,file,file.name);const r=new XMLHttpRequest();let last=-1;' +
  'r.upload.onprogress=e=>{if(!e.lengthComputable)return;const c=Math.floor(e.loaded*100/e.total);g.value=c;if(c<100&&c-last<5)return;last=c;' +
  't.textContent=c<100?`Đã gửi ${c} % (${mb(e.loaded)} / ${mb(e.total)}). Vẫn đang gửi, mạng chậm có thể mất vài phút: đừng đóng trang.`:"Đã gửi xong ảnh, đang chờ máy chủ ghi nhận…"};' +
  'r.onload=()=>{if(r.status>=400&&refused(f,b,n,p,r.responseText))return;document.open();document.write(r.responseText);document.close();' +
  'if(r.responseURL&&new URL(r.responseURL).pathname!==new URL(f.action).pathname)history.replaceState(null,"",r.responseURL)};' +
  'r.onerror=()=>{p.hidden=true;n.hidden=false;b.disabled=false;b.textContent=b.dataset.label};r.open("POST",f.action);r.send(d)}' +
  'function refused(f,b,n,p,t){const d=new DOMParser().parseFromString(t,"text/html"),m=d.querySelector(`form[action="${f.getAttribute("action")}"]`)&&d.querySelector("[role=alert]:not([data-offline])");' +
  'if(!m)return false;for(const s of m.querySelectorAll("[data-reselect],a"))s.remove();let e=f.querySelector("[data-refused]");' +
  'if(!e){e=document.createElement("p");e.dataset.refused="";e.id="loi-gui";e.setAttribute("role","alert");f.insertBefore(e,n)}e.className=m.className;e.textContent=m.textContent.trim();' +
  'for(const i of f.querySelectorAll("input[id]")){const o=d.getElementById(i.id),bad=!!o&&o.getAttribute("aria-invalid")==="true";i.parentNode.classList.toggle("bad",bad&&i.type==="file");' +
  'if(bad){i.setAttribute("aria-invalid","true");i.setAttribute("aria-describedby",e.id)}else{i.removeAttribute("aria-invalid");i.removeAttribute("aria-describedby")}}' +
  'p.hidden=true;b.disabled=false;b.textContent=b.dataset.label;return true}' +
  'for(const f of document.querySelectorAll("form[data-send]")){const n=f.querySelector("[data-offline]"),b=f.querySelector("button"),p=f.querySelector("[data-progress]"),input=f.querySelector("input[type=file]");' +
  'f.addEventListener("submit",e=>{if(navigator.onLine===false){e.preventDefault();n.hidden=false;return}n.hidden=true;' +
  'b.dataset.label=b.dataset.label||b.textContent;b.textContent="Đang gửi…";' +
  'if(p&&input&&input.files.length&&window.FormData){e.preventDefault();b.disabled=true;upload(f,b,n,p,input)}})}' +
  'addEventListener("pageshow",()=>{for(const b of document.querySelectorAll("form[data-send] button[data-label]")){b.textContent=b.dataset.label;b.disabled=false}' +
  'for(const p of document.querySelectorAll("[data-progress]"))p.hidden=true});';

/** Inside a `data-send` form with a file: how far the upload is (shown by the script). */
export const PROGRESS = raw('<p class="note open" data-progress hidden><progress max="100" value="0" aria-label="Tiến độ gửi ảnh"></progress> <span aria-live="polite"></span></p>');

/** Inside a `data-send` form: shown by the script when the phone is offline at the tap. */
export const OFFLINE_NOTE = raw(
  '<p class="note miss" role="alert" data-offline hidden>Điện thoại đang mất mạng nên chưa gửi được. Những gì đã nhập vẫn còn trên trang; khi có mạng lại, bấm nút một lần nữa.</p>',
);

const SCRIPT_HASH = `'sha256-${createHash('sha256').update(SCRIPT).digest('base64')}'`;

/**
 * Private pages (a signed-in officer's tasks, a CSRF token in each form): never cached, never
 * framed; scripts only the one above (by hash); forms post only to Loa; images only from Loa.
 */
export const PHONE_HEADERS = {
  'content-security-policy': `default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; script-src ${SCRIPT_HASH}; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'`,
  'cache-control': 'private, no-store',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
} as const;

export interface PhonePage {
  title: string;
  main: Html;
  /** The signed-in officer (a logout button is shown), or null on the login page. */
  user: { displayName: string; csrfToken: string } | null;
  withScript?: boolean;
  /** The bar's text. (Default: the officers' "Loa · Đăng nhóm Zalo".) */
  heading?: string;
  /** Said above the page's own content (the publishing freeze). */
  notice?: Html | undefined;
}

export function renderPhonePage(p: PhonePage): string {
  return html`<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${p.title} – Loa</title>
<style>${raw(CSS)}</style>
</head>
<body>
<header><b>${p.heading ?? 'Loa · Đăng nhóm Zalo'}</b>${
    p.user
      ? html`<form method="post" action="/xa/dang-xuat"><input type="hidden" name="_csrf" value="${p.user.csrfToken}"><button>Đăng xuất</button></form>`
      : ''
  }</header>
<main>
${p.notice ?? ''}${p.main}
</main>
${p.withScript ? html`<script>${raw(SCRIPT)}</script>` : ''}
</body>
</html>
`.value;
}

export function sendPhonePage(reply: FastifyReply, page: PhonePage, status = 200): FastifyReply {
  // Gzipped where the phone takes it (every browser does): a task page's 10 KB of HTML goes as about 4 KB.
  return sendUncached(reply.status(status).headers(PHONE_HEADERS), 'text/html; charset=utf-8', renderPhonePage(page));
}
