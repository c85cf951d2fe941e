export * from './cluster';
export * from './ids';
export * from './layout';
export * from './profile';
export * from './profiles';
export * from './topology';
