export * from './projects';
export * from './settings';
