import { notifications, type NotificationData } from '@mantine/notifications';

/** A notification whose close button is named (axe: button-name), for a screen reader too. */
export function notify(data: NotificationData): void {
  notifications.show({ closeButtonProps: { 'aria-label': 'Dismiss the notification' }, ...data });
}
