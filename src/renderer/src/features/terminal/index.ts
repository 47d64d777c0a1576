export { LinkConfirm } from './LinkConfirm';
export { newTerminal } from './commands';
