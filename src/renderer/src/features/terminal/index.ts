export { LinkConfirm } from './LinkConfirm';
export { newTerminal } from './commands';
export { useTerminals } from './state/terminals';
