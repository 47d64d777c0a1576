export { openBoard, openTask } from './open';
