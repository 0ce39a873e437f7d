/**
 * How a channel is named in lists: "name · platform", except when the name already says the
 * platform ("Kênh YouTube Con đường hướng thiện" is not followed by "· Kênh YouTube"). The
 * platform label's bracketed note ("Nhóm Zalo (cán bộ xã đăng)") and quotes do not count.
 */
export function channelLabel(name: string, platformLabel: string): string {
  const core = comparable(platformLabel.replace(/\([^)]*\)/g, ''));
  return core && comparable(name).includes(core) ? name : `${name} · ${platformLabel}`;
}

function comparable(text: string): string {
  return text
    .normalize('NFC')
    .toLocaleLowerCase('vi')
    .replace(/[\p{P}\p{S}]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}
