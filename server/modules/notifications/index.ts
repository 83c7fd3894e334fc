/** The notifications module: in-app notices to a unit or an account, with a link and no personal data. Other code imports only this file. */
export { notifyUnits, notifyAccount, type NotificationInput } from './notifications.repo';
export { notificationsRoutes } from './notifications.routes';
export { deliverQueuedMail, startMailLoop, mailFor } from './notifications.mail';
