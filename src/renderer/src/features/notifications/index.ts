export { registerNoticeOpener } from './state/openers';
export { askForNotifications } from './state/notify';
