export { openReview, openRun } from './open';
export type { ReviewTabState, RunTabState } from './tabs';
