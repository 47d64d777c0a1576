export * from './projects';
export * from './settings';
export * from './models';
export * from './agent';
export * from './mcp';
export * from './workflow';
export * from './tasks';
