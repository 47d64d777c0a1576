export { BottomPanel } from './BottomPanel';
