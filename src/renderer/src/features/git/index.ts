export { GitView } from './GitView';
