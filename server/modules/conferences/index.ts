/** The conferences module: 支援会議, 重層的支援会議 and ケース会議 with their legal basis. Other code imports only this file. */
export { conferencesRoutes } from './conferences.routes';
