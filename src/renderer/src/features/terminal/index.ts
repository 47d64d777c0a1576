import '@xterm/xterm/css/xterm.css';

export { TerminalPanel } from './TerminalPanel';
export { LinkConfirm } from './LinkConfirm';
export { newTerminal, terminalCommands } from './commands';
