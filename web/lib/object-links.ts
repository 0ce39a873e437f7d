/**
 * Where in the app each kind of object opens: used by notifications and the home page to
 * link to the thing they talk about. The screens that own these paths register them in
 * app/routes.tsx under exactly these names (keep the two in step).
 */
export const objectPaths = {
  item: (id: string) => `/bai-viet/${id}`,
  approval: (itemId: string) => `/duyet/${itemId}`,
  delivery: (id: string) => `/giao-bai/${id}`,
  channel: (id: string) => `/kenh/${id}`,
} as const;

/** The app path a notification leads to, from its kind and data (null when it names nothing). */
export function notificationPath(kind: string, data: Record<string, unknown>): string | null {
  const id = (key: string) => (typeof data[key] === 'string' ? (data[key] as string) : null);
  if (kind === 'approval_waiting' && id('itemId')) return objectPaths.approval(id('itemId')!);
  if (id('deliveryId')) return objectPaths.delivery(id('deliveryId')!);
  if (id('itemId')) return objectPaths.item(id('itemId')!);
  if (id('channelId')) return objectPaths.channel(id('channelId')!);
  return null;
}
