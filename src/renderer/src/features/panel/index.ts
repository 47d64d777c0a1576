export { BottomPanel } from './BottomPanel';
export { useLogs } from './state/logs';
