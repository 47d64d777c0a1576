export { Welcome } from './Welcome';
export { openFolder } from './open-folder';
