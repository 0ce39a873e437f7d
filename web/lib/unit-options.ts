/**
 * A unit tree (listed parent first, as the server sends it) as select options, each name
 * indented by its depth below the highest unit listed: an administrator of a commune sees
 * their commune at the left edge, not indented under a province they cannot choose.
 */
export function unitOptions(units: readonly { id: string; name: string; depth: number }[]): { value: string; label: string }[] {
  const top = Math.min(...units.map((u) => u.depth));
  return units.map((u) => ({ value: u.id, label: `${'— '.repeat(u.depth - top)}${u.name}` }));
}
