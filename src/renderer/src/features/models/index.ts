export { useModels } from './state/models';
