/**
 * Where in the app each kind of object opens: used by notifications and the home page to
 * link to the thing they talk about. The screens that own these paths register them in
 * app/routes.tsx under exactly these names (keep the two in step).
 */
export const objectPaths = {
  item: (id: string) => `/bai-viet/${id}`,
  approval: (itemId: string) => `/duyet/${itemId}`,
  /** The delivery board, showing one item's deliveries. */
  itemDeliveries: (itemId: string) => `/luot-dang?item=${itemId}`,
  /** The delivery board filtered to one state (e.g. failed). */
  deliveriesIn: (state: string) => `/luot-dang?state=${state}`,
  channels: () => '/kenh',
} as const;

/** The app path a notification leads to, from its kind and data (null when it names nothing). */
export function notificationPath(kind: string, data: Record<string, unknown>): string | null {
  const id = (key: string) => (typeof data[key] === 'string' ? (data[key] as string) : null);
  if (kind === 'approval_waiting' && id('itemId')) return objectPaths.approval(id('itemId')!);
  if (id('itemId')) return id('deliveryId') ? objectPaths.itemDeliveries(id('itemId')!) : objectPaths.item(id('itemId')!);
  if (kind === 'delivery_failed') return objectPaths.deliveriesIn('failed');
  if (id('deliveryId')) return objectPaths.deliveriesIn('unconfirmed');
  if (id('channelId')) return objectPaths.channels();
  return null;
}
